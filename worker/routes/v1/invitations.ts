import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DbError } from '../../db/errors';
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  findInvitation,
  InvitationSchema,
  listInvitations,
  myInvitations,
  ReceivedInvitationSchema,
  revokeInvitation,
} from '../../db/invitations';
import { RoleSchema } from '../../db/organization-members';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { OrgHeaderSchema, userClient, v1Errors } from './common';

/**
 * Invitations: the only way into an organisation but creating it. Admins invite an email or a
 * user id (`POST /api/v1/invitations`, and the older `POST /api/v1/members`), list and revoke
 * their organisation's; the invitee lists theirs (`GET /api/v1/me/invitations`), accepts or
 * declines. Inviting answers the same whether or not anyone has that email or id, and a pending
 * invitation changes nothing about the organisations a user acts for. Signed-in users only:
 * each query runs with the user's own token, and the database functions check who they are.
 */

export const InviteSchema = z
  .object({
    email: z.email().max(320).optional(),
    user_id: z.uuid().optional(),
    role: RoleSchema.default('viewer'),
  })
  .refine((b) => (b.user_id === undefined) !== (b.email === undefined), {
    message: 'give exactly one of email and user_id',
  })
  .openapi('Invite');

const IdParam = z.object({
  id: z
    .uuid('expected an invitation id (a UUID)')
    .transform((id) => id.toLowerCase())
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const base = { tags: ['Members'], security: CREDENTIALS };
const admins = [requireUser(), requireRole('admin')];
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

/** The invite route's definition, shared with `POST /api/v1/members`. */
export function inviteRoute(
  path: '/api/v1/invitations' | '/api/v1/members',
  operationId: string,
  summary: string,
) {
  return createRoute({
    ...base,
    method: 'post',
    path,
    operationId,
    summary,
    description:
      'Creates (or renews) an invitation the person accepts with `POST /api/v1/invitations/{id}/accept` ' +
      'once signed in; nobody is added before. The answer is the same whether or not an account has ' +
      'that email or id. No email is sent: tell them. Expires after 7 days.',
    middleware: admins,
    request: { headers: OrgHeaderSchema, body: { required: true, content: json(InviteSchema) } },
    responses: {
      201: { description: 'The invitation.', content: json(InvitationSchema) },
      ...v1Errors(400, 409),
    },
  });
}

const createInviteRoute = inviteRoute(
  '/api/v1/invitations',
  'createInvitation',
  'Invite someone by email or user id (admins; only owners invite owners)',
);

const listRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/invitations',
  operationId: 'listInvitations',
  summary: "The organisation's invitations, newest first (admins)",
  middleware: admins,
  request: {
    headers: OrgHeaderSchema,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }),
  },
  responses: {
    200: {
      description: 'Invitations, whatever their status.',
      content: json(z.object({ invitations: z.array(InvitationSchema) }).openapi('Invitations')),
    },
    ...v1Errors(400),
  },
});

const revokeRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/invitations/{id}',
  operationId: 'revokeInvitation',
  summary: 'Revoke an open invitation (admins; only owners revoke owner invitations)',
  middleware: admins,
  request: { headers: OrgHeaderSchema, params: IdParam },
  responses: { 204: { description: 'Revoked.' }, ...v1Errors(400, 404) },
});

const mineRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/me/invitations',
  operationId: 'listMyInvitations',
  summary: 'The open invitations addressed to you (by your email or user id)',
  middleware: [requireUser()],
  responses: {
    200: {
      description: 'Newest first; an expired one says so.',
      content: json(
        z.object({ invitations: z.array(ReceivedInvitationSchema) }).openapi('ReceivedInvitations'),
      ),
    },
    ...v1Errors(),
  },
});

const acceptRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/invitations/{id}/accept',
  operationId: 'acceptInvitation',
  summary: 'Accept an invitation addressed to you: you join its organisation',
  middleware: [requireUser()],
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Your membership.',
      content: json(
        z.object({ organization_id: z.uuid(), role: RoleSchema }).openapi('AcceptedInvitation'),
      ),
    },
    ...v1Errors(400, 404, 409),
  },
});

const declineRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/invitations/{id}/decline',
  operationId: 'declineInvitation',
  summary: 'Decline an invitation addressed to you',
  middleware: [requireUser()],
  request: { params: IdParam },
  responses: { 204: { description: 'Declined.' }, ...v1Errors(400, 404) },
});

/** Database refusals of an invitation, in the API's words. */
function refused(error: unknown): never {
  if (error instanceof DbError) {
    if (error.kind === 'not_found')
      throw new ApiError('NOT_FOUND', 'no open invitation with that id for you', { cause: error });
    if (error.kind === 'expired')
      throw new ApiError('CONFLICT', 'the invitation has expired; ask for a new one', {
        cause: error,
      });
    if (error.kind === 'conflict')
      throw new ApiError('CONFLICT', 'already a member of this organisation', { cause: error });
    if (error.kind === 'forbidden')
      throw new ApiError('FORBIDDEN', 'only owners invite owners or revoke their invitations', {
        cause: error,
      });
  }
  throw error;
}

/** Creates (or renews) an invitation from the request's body: both invite routes' handler. */
export async function invite(c: Context<AppEnv>, body: z.infer<typeof InviteSchema>) {
  const { db } = userClient(c);
  const who = body.email ? { email: body.email } : { userId: body.user_id ?? '' };
  return createInvitation(db, c.var.caller.org, who, body.role).catch(refused);
}

/** `/api/v1/invitations…` and `/api/v1/me/invitations`. */
export const invitations = createRouter()
  .openapi(createInviteRoute, async (c) => c.json(await invite(c, c.req.valid('json')), 201))
  .openapi(listRoute, async (c) => {
    const { db } = userClient(c);
    const rows = await listInvitations(db, c.var.caller.org, c.req.valid('query').limit);
    return c.json({ invitations: rows }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    const { db } = userClient(c);
    const { org, role } = c.var.caller;
    const found = await findInvitation(db, org, c.req.valid('param').id);
    if (found?.status !== 'pending')
      throw new ApiError('NOT_FOUND', 'no open invitation with that id');
    if (found.role === 'owner' && role !== 'owner')
      throw new ApiError('FORBIDDEN', 'only owners revoke an invitation to become an owner');
    await revokeInvitation(db, found.id).catch(refused);
    return c.body(null, 204);
  })
  .openapi(mineRoute, async (c) => {
    return c.json({ invitations: await myInvitations(userClient(c).db) }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const { db, user } = userClient(c);
    const joined = await acceptInvitation(db, c.req.valid('param').id).catch(refused);
    // This isolate sees the new membership at once (others within their cache's TTL).
    c.var.services.auth.forgetMemberships(user.userId);
    return c.json({ organization_id: joined.organization_id, role: joined.role }, 200);
  })
  .openapi(declineRoute, async (c) => {
    await declineInvitation(userClient(c).db, c.req.valid('param').id).catch(refused);
    return c.body(null, 204);
  });

import { createRoute, z } from '@hono/zod-openapi';
import {
  changeRole,
  findMember,
  listMembers,
  MemberSchema,
  RoleSchema,
  removeMember,
} from '../../db/organization-members';
import { ApiError } from '../../errors';
import { callerWithRole, requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { OrgHeaderSchema, userClient, v1Errors } from './common';
import { invite, inviteRoute } from './invitations';

/**
 * Members of the organisation a request acts for (`x-orgid`). Signed-in users only: every
 * query runs with the user's own token, so row-level security checks each one again.
 * Nobody is added: `POST` invites (see invitations.ts), and the invitee accepts. Admins manage
 * members below owner; only owners change or remove owners; anyone may leave; the last owner
 * can neither leave nor be demoted (409).
 */

const UserIdParam = z.object({
  user_id: z
    .uuid('expected a user id (a UUID)')
    .transform((id) => id.toLowerCase())
    .openapi({ param: { name: 'user_id', in: 'path' } }),
});

const ChangeRoleSchema = z.object({ role: RoleSchema }).openapi('ChangeRole');

const base = {
  tags: ['Members'],
  security: CREDENTIALS,
};

const listRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/members',
  operationId: 'listMembers',
  summary: "The organisation's members, with their emails and roles",
  middleware: [requireUser(), requireRole('viewer')],
  request: { headers: OrgHeaderSchema },
  responses: {
    200: {
      description: 'Members, oldest first.',
      content: {
        'application/json': {
          schema: z.object({ members: z.array(MemberSchema) }).openapi('Members'),
        },
      },
    },
    ...v1Errors(400),
  },
});

/** Kept for clients that add members here: it invites, as `POST /api/v1/invitations` does. */
const addRoute = inviteRoute(
  '/api/v1/members',
  'inviteMember',
  'Invite a member by email or user id (admins; only owners invite owners): as POST /api/v1/invitations',
);

const changeRoute = createRoute({
  ...base,
  method: 'patch',
  path: '/api/v1/members/{user_id}',
  operationId: 'updateMemberRole',
  summary: "Change a member's role (admins; only owners change owners; never the last owner)",
  middleware: [requireUser(), requireRole('admin')],
  request: {
    headers: OrgHeaderSchema,
    params: UserIdParam,
    body: { required: true, content: { 'application/json': { schema: ChangeRoleSchema } } },
  },
  responses: {
    200: { description: 'The member.', content: { 'application/json': { schema: MemberSchema } } },
    ...v1Errors(400, 404, 409),
  },
});

const removeRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/members/{user_id}',
  operationId: 'removeMember',
  summary: 'Remove a member, or leave (yourself) — never the last owner',
  middleware: [requireUser(), requireRole('viewer')],
  request: { headers: OrgHeaderSchema, params: UserIdParam },
  responses: {
    204: { description: 'Removed.' },
    ...v1Errors(400, 404, 409),
  },
});

/** After RLS hid a row: a member the caller may not touch (403), or no such member (404). */
async function refusedOrMissing(
  db: Parameters<typeof findMember>[0],
  org: string,
  userId: string,
): Promise<never> {
  if (await findMember(db, org, userId))
    throw new ApiError('FORBIDDEN', "only owners can change or remove an owner's membership");
  throw new ApiError('NOT_FOUND', 'no member with that user id');
}

/** `/api/v1/members`. */
export const members = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = userClient(c);
    return c.json({ members: await listMembers(db, c.var.caller.org) }, 200);
  })
  .openapi(addRoute, async (c) => c.json(await invite(c, c.req.valid('json')), 201))
  .openapi(changeRoute, async (c) => {
    const { db } = userClient(c);
    const { user_id } = c.req.valid('param');
    const org = c.var.caller.org;
    if (!(await changeRole(db, org, user_id, c.req.valid('json').role)))
      return refusedOrMissing(db, org, user_id);
    c.var.services.auth.forgetMemberships(user_id);
    const member = await findMember(db, org, user_id);
    if (!member) throw new ApiError('NOT_FOUND', 'no member with that user id');
    return c.json(member, 200);
  })
  .openapi(removeRoute, async (c) => {
    const { db, user } = userClient(c);
    const { user_id } = c.req.valid('param');
    // Leaving needs only membership; removing someone else is an admin's (checked uncached).
    const { org } = user_id === user.userId ? c.var.caller : await callerWithRole(c, 'admin');
    if (!(await removeMember(db, org, user_id))) return refusedOrMissing(db, org, user_id);
    c.var.services.auth.forgetMemberships(user_id);
    return c.body(null, 204);
  });

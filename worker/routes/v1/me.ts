import { createRoute, z } from '@hono/zod-openapi';
import { OrganizationSchema, organizationById } from '../../db/organizations';
import { ApiError } from '../../errors';
import { CREDENTIALS, createRouter } from '../../openapi';
import { API_KEY_ROLE } from '../../services/auth/caller';
import { database, v1Errors } from './common';

const MeSchema = z
  .object({
    kind: z.enum(['user', 'api_key']),
    user: z.object({ id: z.uuid(), email: z.string().nullable() }).nullable(),
    api_key: z.object({ id: z.uuid() }).nullable(),
    organizations: z.array(OrganizationSchema).openapi({
      description: "A user's organisations with their role in each; an API key's one organisation.",
    }),
  })
  .openapi('Me');

const route = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags: ['Organisations'],
  operationId: 'getMe',
  summary: 'Who the credentials belong to, and their organisations',
  security: CREDENTIALS,
  responses: {
    200: { description: 'The caller.', content: { 'application/json': { schema: MeSchema } } },
    ...v1Errors(),
  },
});

/** `GET /api/v1/me`. */
export const me = createRouter().openapi(route, async (c) => {
  const identity = c.var.identity;
  if (identity.kind === 'open')
    throw new ApiError('UNAUTHORIZED', 'send a user access token or an API key');
  if (identity.kind === 'user') {
    const { orgs } = await c.var.services.auth.organizationsOf(identity, { refresh: true });
    return c.json(
      {
        kind: 'user' as const,
        user: { id: identity.userId, email: identity.email },
        api_key: null,
        organizations: orgs,
      },
      200,
    );
  }
  const org = await organizationById(database(c).service, identity.org);
  if (!org) throw new ApiError('UNAUTHORIZED', 'the API key is not valid');
  return c.json(
    {
      kind: 'api_key' as const,
      user: null,
      api_key: { id: identity.keyId },
      organizations: [{ ...org, role: API_KEY_ROLE }],
    },
    200,
  );
});

import { createRoute, z } from '@hono/zod-openapi';
import { ApiKeySchema, createKey, listKeys, revokeKey } from '../../db/api-keys';
import { ApiError } from '../../errors';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { issueApiKey } from '../../services/auth/api-key';
import { OrgHeaderSchema, userClient, v1Errors } from './common';

/**
 * The organisation's API keys (admins and owners, signed in: a key never manages keys). The
 * key itself is returned once, when it is created; lists show its prefix only. A revoked key
 * is refused within 30 s everywhere (at once by the isolate that revoked it).
 */

const CreateKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'call-centre integration' }),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'When the key stops working (ISO 8601); never when absent.' }),
  })
  .refine((b) => b.expires_at === undefined || Date.parse(b.expires_at) > Date.now(), {
    message: 'expires_at must be in the future',
    path: ['expires_at'],
  })
  .openapi('CreateApiKey');

const CreatedKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({
    description: 'The key: send it as X-API-Key or Authorization: Bearer. Shown only this once.',
  }),
}).openapi('CreatedApiKey');

const KeyIdParam = z.object({
  id: z.uuid('expected a key id (a UUID)').openapi({ param: { name: 'id', in: 'path' } }),
});

const base = {
  tags: ['API keys'],
  security: CREDENTIALS,
  middleware: [requireUser(), requireRole('admin')],
};

const createKeyRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/api-keys',
  operationId: 'createApiKey',
  summary: 'Create an API key (the key is shown once)',
  request: {
    headers: OrgHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: CreateKeySchema } } },
  },
  responses: {
    201: {
      description: 'The key and its record.',
      content: { 'application/json': { schema: CreatedKeySchema } },
    },
    ...v1Errors(400),
  },
});

const listRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/api-keys',
  operationId: 'listApiKeys',
  summary: "The organisation's API keys, newest first, without secrets",
  request: { headers: OrgHeaderSchema },
  responses: {
    200: {
      description: 'The keys.',
      content: {
        'application/json': {
          schema: z.object({ api_keys: z.array(ApiKeySchema) }).openapi('ApiKeys'),
        },
      },
    },
    ...v1Errors(400),
  },
});

const revokeRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/api-keys/{id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key (refused everywhere within 30 s)',
  request: { headers: OrgHeaderSchema, params: KeyIdParam },
  responses: {
    204: { description: 'Revoked (also when it already was).' },
    ...v1Errors(400, 404),
  },
});

/** `/api/v1/api-keys`. */
export const apiKeys = createRouter()
  .openapi(createKeyRoute, async (c) => {
    const { db } = userClient(c);
    const body = c.req.valid('json');
    const issued = await issueApiKey();
    const record = await createKey(db, c.var.caller.org, {
      name: body.name,
      prefix: issued.prefix,
      hash: issued.hash,
      expiresAt: body.expires_at ?? null,
    });
    return c.json({ ...record, key: issued.key }, 201);
  })
  .openapi(listRoute, async (c) => {
    const { db } = userClient(c);
    return c.json({ api_keys: await listKeys(db, c.var.caller.org) }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    const { db } = userClient(c);
    const id = c.req.valid('param').id.toLowerCase();
    const at = new Date(c.var.services.now());
    if (!(await revokeKey(db, c.var.caller.org, id, at)))
      throw new ApiError('NOT_FOUND', 'no API key with that id');
    c.var.services.auth.forgetKey(id);
    return c.body(null, 204);
  });

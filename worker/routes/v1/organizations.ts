import { createRoute, z } from '@hono/zod-openapi';
import { createOrganization, OrganizationSchema } from '../../db/organizations';
import { requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { userClient, v1Errors } from './common';

const CreateOrganizationSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'name must not be empty')
      .max(200, 'name is longer than 200 characters')
      .openapi({ example: 'Acme Fraud Team' }),
  })
  .openapi('CreateOrganization');

const createRouteDef = createRoute({
  method: 'post',
  path: '/api/v1/organizations',
  tags: ['Organisations'],
  operationId: 'createOrganization',
  summary: 'Create an organisation (you become its owner)',
  security: CREDENTIALS,
  middleware: [requireUser()],
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: CreateOrganizationSchema } },
    },
  },
  responses: {
    201: {
      description: 'The organisation, with you as owner.',
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    ...v1Errors(400),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/organizations',
  tags: ['Organisations'],
  operationId: 'listOrganizations',
  summary: 'The organisations you belong to, with your role in each',
  security: CREDENTIALS,
  middleware: [requireUser()],
  responses: {
    200: {
      description: 'Your organisations, oldest membership first.',
      content: {
        'application/json': {
          schema: z.object({ organizations: z.array(OrganizationSchema) }).openapi('Organizations'),
        },
      },
    },
    ...v1Errors(),
  },
});

/** `POST /api/v1/organizations` and `GET /api/v1/organizations` (signed-in users only). */
export const organizations = createRouter()
  .openapi(createRouteDef, async (c) => {
    const { db, user } = userClient(c);
    const organization = await createOrganization(db, c.req.valid('json').name);
    // The new membership must count at once (x-orgid on the very next request).
    c.var.services.auth.forgetMemberships(user.userId);
    return c.json(organization, 201);
  })
  .openapi(listRoute, async (c) => {
    const { user } = userClient(c);
    const { orgs } = await c.var.services.auth.organizationsOf(user, { refresh: true });
    return c.json({ organizations: orgs }, 200);
  });

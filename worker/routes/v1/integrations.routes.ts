import { createRoute, z } from '@hono/zod-openapi';
import { WebhookEventTypeSchema } from '#core/schemas/webhook-events';
import { IntegrationSchema } from '../../db/integrations';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS } from '../../openapi';
import { MAX_URL_LENGTH } from '../../webhooks/url-policy';
import { OrgHeaderSchema, v1Errors } from './common';

/**
 * The routes of `/api/v1/integrations` (handlers in integrations.ts): an organisation's
 * webhook endpoints. Admins and owners only, signed in: an API key never manages them.
 */

const Events = z
  .array(WebhookEventTypeSchema)
  .min(1, 'subscribe to at least one event type')
  .refine((events) => new Set(events).size === events.length, 'each event type once')
  .openapi({ example: ['call.alert', 'call.ended'] });

const Url = z.string().trim().max(MAX_URL_LENGTH).openapi({
  description:
    'Where events are POSTed: https, a public host (no IP literal of a private, loopback or link-local address; no localhost, *.local, *.internal).',
  example: 'https://hooks.example.com/callshield',
});

const Description = z.string().trim().max(500).openapi({ example: 'Fraud team queue' });

const CreateSchema = z
  .object({ url: Url, events: Events, description: Description.default('') })
  .openapi('CreateIntegration');

const UpdateSchema = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional().openapi({
      description: 'false disables the endpoint (nothing is sent); true enables it again.',
    }),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one field')
  .openapi('UpdateIntegration');

const SecretField = z.string().openapi({
  description:
    'The signing secret (`whsec_…`): verify every delivery with it (Standard Webhooks). Shown only this once.',
});

const CreatedSchema = IntegrationSchema.extend({ secret: SecretField }).openapi(
  'CreatedIntegration',
);

/** A secret rotation's default grace period: a day, to update every receiver. */
export const DEFAULT_GRACE_S = 86_400;

export const RotateSchema = z
  .object({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(DEFAULT_GRACE_S)
      .openapi({ description: 'How long the old secret keeps signing too (0: stop at once).' }),
  })
  .openapi('RotateSecret');

const RotatedSchema = z
  .object({
    secret: SecretField,
    previous_secret_expires_at: z.string().nullable(),
  })
  .openapi('RotatedSecret');

export const TestEventSchema = z
  .object({
    event_type: WebhookEventTypeSchema.optional().openapi({
      description:
        'Which example to send; the first type the integration subscribes to by default.',
    }),
  })
  .openapi('TestEvent');

export const QueuedSchema = z
  .object({ event_id: z.string(), delivery_id: z.uuid() })
  .openapi('QueuedDelivery');

export const IntegrationIdParam = z.object({
  id: z.uuid('expected an integration id (a UUID)').openapi({ param: { name: 'id', in: 'path' } }),
});

/** Every integration route: signed-in admins, the organisation's header, the common errors. */
export const integrationRouteBase = {
  tags: ['Integrations'],
  security: CREDENTIALS,
  middleware: [requireUser(), requireRole('admin')],
};

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

export const createIntegrationRoute = createRoute({
  ...integrationRouteBase,
  method: 'post',
  path: '/api/v1/integrations',
  operationId: 'createIntegration',
  summary: 'Add a webhook endpoint (its signing secret is shown once)',
  request: { headers: OrgHeaderSchema, body: { required: true, content: json(CreateSchema) } },
  responses: {
    201: { description: 'The integration and its secret.', content: json(CreatedSchema) },
    ...v1Errors(400, 409),
  },
});

export const listIntegrationsRoute = createRoute({
  ...integrationRouteBase,
  method: 'get',
  path: '/api/v1/integrations',
  operationId: 'listIntegrations',
  summary: "The organisation's webhook endpoints, without secrets",
  request: { headers: OrgHeaderSchema },
  responses: {
    200: {
      description: 'Oldest first.',
      content: json(z.object({ integrations: z.array(IntegrationSchema) }).openapi('Integrations')),
    },
    ...v1Errors(400),
  },
});

export const getIntegrationRoute = createRoute({
  ...integrationRouteBase,
  method: 'get',
  path: '/api/v1/integrations/{id}',
  operationId: 'getIntegration',
  summary: 'One webhook endpoint (when disabled, `disabled_reason` says why)',
  request: { headers: OrgHeaderSchema, params: IntegrationIdParam },
  responses: {
    200: { description: 'The integration.', content: json(IntegrationSchema) },
    ...v1Errors(400, 404),
  },
});

export const updateIntegrationRoute = createRoute({
  ...integrationRouteBase,
  method: 'patch',
  path: '/api/v1/integrations/{id}',
  operationId: 'updateIntegration',
  summary: 'Change the URL, events or description; disable or enable it',
  request: {
    headers: OrgHeaderSchema,
    params: IntegrationIdParam,
    body: { required: true, content: json(UpdateSchema) },
  },
  responses: {
    200: { description: 'The integration.', content: json(IntegrationSchema) },
    ...v1Errors(400, 404),
  },
});

export const deleteIntegrationRoute = createRoute({
  ...integrationRouteBase,
  method: 'delete',
  path: '/api/v1/integrations/{id}',
  operationId: 'deleteIntegration',
  summary: 'Delete a webhook endpoint with its delivery log',
  request: { headers: OrgHeaderSchema, params: IntegrationIdParam },
  responses: { 204: { description: 'Deleted.' }, ...v1Errors(400, 404) },
});

export const rotateSecretRoute = createRoute({
  ...integrationRouteBase,
  method: 'post',
  path: '/api/v1/integrations/{id}/rotate-secret',
  operationId: 'rotateIntegrationSecret',
  summary: 'New signing secret; the old one also signs for a grace period',
  description:
    'During the grace period every delivery carries two signatures (`webhook-signature: v1,<new> v1,<old>`), ' +
    'so receivers verify with either secret while they switch.',
  request: {
    headers: OrgHeaderSchema,
    params: IntegrationIdParam,
    body: { required: false, content: json(RotateSchema) },
  },
  responses: {
    200: { description: 'The new secret (shown only this once).', content: json(RotatedSchema) },
    ...v1Errors(400, 404),
  },
});

export const testEventRoute = createRoute({
  ...integrationRouteBase,
  method: 'post',
  path: '/api/v1/integrations/{id}/test',
  operationId: 'sendTestEvent',
  summary: 'Send an example event (`test: true`) to this endpoint',
  description:
    'Goes through the same queue, signing, retries and delivery log as real events. Follow it with ' +
    'GET /api/v1/integrations/{id}/deliveries/{delivery_id}.',
  request: {
    headers: OrgHeaderSchema,
    params: IntegrationIdParam,
    body: { required: false, content: json(TestEventSchema) },
  },
  responses: {
    202: { description: 'Queued.', content: json(QueuedSchema) },
    ...v1Errors(400, 404, 409),
  },
});

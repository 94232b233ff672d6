import { createRoute, z } from '@hono/zod-openapi';
import { getIntegration } from '../../db/integrations';
import { BadCursor } from '../../db/pagination';
import {
  DELIVERY_STATUSES,
  DeliveryDetailSchema,
  DeliverySchema,
  getDelivery,
  listDeliveries,
  redeliver,
} from '../../db/webhook-deliveries';
import { ApiError } from '../../errors';
import { createRouter } from '../../openapi';
import { wakeDeliveries } from '../../webhooks/fan-out';
import { OrgHeaderSchema, userClient, v1Errors } from './common';
import { IntegrationIdParam, integrationRouteBase, QueuedSchema } from './integrations.routes';

/**
 * An integration's delivery log (`/api/v1/integrations/{id}/deliveries`): every event sent to
 * it, each attempt with its time, status code, latency, the start of the answer and when the
 * next try is due; and redelivery, which sends the same event (same id) on a fresh schedule.
 */

const DeliveryParams = IntegrationIdParam.extend({
  delivery_id: z.uuid('expected a delivery id (a UUID)').openapi({
    param: { name: 'delivery_id', in: 'path' },
  }),
});

const ListQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'next_cursor of the previous page.' }),
});

const listRoute = createRoute({
  ...integrationRouteBase,
  method: 'get',
  path: '/api/v1/integrations/{id}/deliveries',
  operationId: 'listDeliveries',
  summary: "The integration's delivery log, newest first, with every attempt",
  request: { headers: OrgHeaderSchema, params: IntegrationIdParam, query: ListQuery },
  responses: {
    200: {
      description: 'A page of deliveries.',
      content: {
        'application/json': {
          schema: z
            .object({ deliveries: z.array(DeliverySchema), next_cursor: z.string().nullable() })
            .openapi('WebhookDeliveries'),
        },
      },
    },
    ...v1Errors(400, 404),
  },
});

const getRoute = createRoute({
  ...integrationRouteBase,
  method: 'get',
  path: '/api/v1/integrations/{id}/deliveries/{delivery_id}',
  operationId: 'getDelivery',
  summary: 'One delivery: its attempts and the exact body it sends',
  request: { headers: OrgHeaderSchema, params: DeliveryParams },
  responses: {
    200: {
      description: 'The delivery.',
      content: { 'application/json': { schema: DeliveryDetailSchema } },
    },
    ...v1Errors(400, 404),
  },
});

const redeliverRoute = createRoute({
  ...integrationRouteBase,
  method: 'post',
  path: '/api/v1/integrations/{id}/deliveries/{delivery_id}/redeliver',
  operationId: 'redeliver',
  summary: 'Send the same event again (same id) on a fresh retry schedule',
  request: { headers: OrgHeaderSchema, params: DeliveryParams },
  responses: {
    202: { description: 'Queued.', content: { 'application/json': { schema: QueuedSchema } } },
    ...v1Errors(400, 404, 409),
  },
});

/** `/api/v1/integrations/{id}/deliveries…`. */
export const deliveries = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = userClient(c);
    const org = c.var.caller.org;
    const id = c.req.valid('param').id.toLowerCase();
    const query = c.req.valid('query');
    if (!(await getIntegration(db, org, id)))
      throw new ApiError('NOT_FOUND', 'no integration with that id');
    const page = await listDeliveries(db, org, id, query).catch((error: unknown) => {
      if (error instanceof BadCursor)
        throw new ApiError('VALIDATION_FAILED', 'cursor: not a cursor this API gave out');
      throw error;
    });
    return c.json({ deliveries: page.items, next_cursor: page.next_cursor }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id, delivery_id } = c.req.valid('param');
    const found = await getDelivery(
      userClient(c).db,
      c.var.caller.org,
      id.toLowerCase(),
      delivery_id.toLowerCase(),
    );
    if (!found) throw new ApiError('NOT_FOUND', 'no delivery with that id');
    return c.json(found, 200);
  })
  .openapi(redeliverRoute, async (c) => {
    const { db } = userClient(c);
    const org = c.var.caller.org;
    const params = c.req.valid('param');
    const integration = await getIntegration(db, org, params.id.toLowerCase());
    if (!integration) throw new ApiError('NOT_FOUND', 'no integration with that id');
    const delivery = await getDelivery(db, org, integration.id, params.delivery_id.toLowerCase());
    if (!delivery) throw new ApiError('NOT_FOUND', 'no delivery with that id');
    if (!integration.enabled)
      throw new ApiError(
        'CONFLICT',
        'the integration is disabled; enable it first (PATCH enabled: true)',
      );
    await redeliver(db, delivery.id);
    await wakeDeliveries(c.var.services, [delivery.id]);
    return c.json({ event_id: delivery.event_id, delivery_id: delivery.id }, 202);
  });

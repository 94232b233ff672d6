import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../openapi';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    service: z.literal('callshield-edge'),
    version: z.string(),
    environment: z.string(),
    time: z.string(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['System'],
  summary: 'Liveness of the edge API',
  responses: {
    200: {
      description: 'The API is up.',
      content: { 'application/json': { schema: HealthSchema } },
    },
  },
});

/** `GET /api/health`. */
export const health = createRouter().openapi(route, (c) =>
  c.json(
    {
      status: 'ok' as const,
      service: 'callshield-edge' as const,
      version: '0.1.0',
      environment: c.var.config.environment,
      time: new Date().toISOString(),
    },
    200,
  ),
);

import { z } from '@hono/zod-openapi';
import {
  eventSchemaOf,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '#core/schemas/webhook-events';
import { createRouter } from '../../openapi';

/**
 * The events integrations receive, as the OpenAPI 3.1 `webhooks` section: one entry per type,
 * its body schema generated from core/schemas/webhook-events.ts, its headers those of the
 * Standard Webhooks scheme. This router serves no route.
 */

const WHEN: Record<WebhookEventType, string> = {
  'analysis.completed': 'An analysis (upload or API) finished, or failed (`status: error`).',
  'analysis.review_required': 'An analysis entered the review queue.',
  'review.submitted': 'A reviewer recorded an outcome for an analysis.',
  'call.alert':
    'A live call’s running score first reached one of the alert levels (each level once per call, mildest first).',
  'call.ended': 'A live call ended and its final result was made.',
};

const SignatureHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'The event id; duplicates carry the same one.' }),
  'webhook-timestamp': z
    .string()
    .openapi({ description: 'Unix seconds when this attempt was signed.' }),
  'webhook-signature': z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per valid secret (two during a rotation’s grace period).',
  }),
});

/** Registers every event type under `webhooks` in the OpenAPI document. */
export const webhookDocs = createRouter();
for (const type of WEBHOOK_EVENT_TYPES) {
  webhookDocs.openAPIRegistry.registerWebhook({
    method: 'post',
    path: type,
    tags: ['Webhook events'],
    summary: type,
    description: `${WHEN[type]} Order is not promised and an event may arrive more than once (same \`webhook-id\`).`,
    request: {
      headers: SignatureHeaders,
      body: { required: true, content: { 'application/json': { schema: eventSchemaOf(type) } } },
    },
    responses: {
      200: { description: 'Any 2xx acknowledges the event.' },
      410: { description: 'Gone: the integration is disabled and nothing more is sent.' },
    },
  });
}

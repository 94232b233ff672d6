import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  eventSchemaOf,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '#core/schemas/webhook-events';
import type { AppEnv } from '../../env';

/**
 * The events integrations receive, as the OpenAPI 3.1 `webhooks` section: one entry per type,
 * its body schema generated from core/schemas/webhook-events.ts, its headers those of the
 * Standard Webhooks scheme. Registered on the app itself: a sub-app's webhooks would be
 * renamed like paths when mounted (`/call.alert`).
 */

const WHEN: Record<WebhookEventType, string> = {
  'analysis.completed':
    'An uploaded call’s background analysis finished, or failed (`status: error`).',
  'analysis.review_required': 'An analysis entered the review queue.',
  'review.submitted': 'A reviewer recorded an outcome for an analysis.',
  'call.alert':
    'A live call’s running score first reached one of the alert levels (each level once per call, mildest first).',
  'call.ended': 'A live call ended and its final result was made.',
  'campaign.detected':
    'A campaign’s calls in the last 24 hours reached the organisation’s `detection_calls_per_day` (once per campaign per UTC day).',
};

/** Each event's operationId: what a generated client names its handler (stable, like a route's). */
const OPERATION_ID: Record<WebhookEventType, string> = {
  'analysis.completed': 'onAnalysisCompleted',
  'analysis.review_required': 'onAnalysisReviewRequired',
  'review.submitted': 'onReviewSubmitted',
  'call.alert': 'onCallAlert',
  'call.ended': 'onCallEnded',
  'campaign.detected': 'onCampaignDetected',
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

/** Registers every event type under `webhooks` in the app's OpenAPI document. */
export function registerWebhookDocs(app: OpenAPIHono<AppEnv>): void {
  for (const type of WEBHOOK_EVENT_TYPES) registerOne(app, type);
}

function registerOne(app: OpenAPIHono<AppEnv>, type: WebhookEventType): void {
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: type,
    operationId: OPERATION_ID[type],
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

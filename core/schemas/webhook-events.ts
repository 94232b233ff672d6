/**
 * The events an organisation's integrations receive (`/api/v1/integrations`), as they go on the
 * wire: one JSON envelope per delivery, signed by the Standard Webhooks scheme. Every payload
 * type is `z.infer` of these schemas, and the OpenAPI document lists them under `webhooks`.
 *
 * Each event has an `id` (the `webhook-id` header: a redelivery or a duplicate carries the same
 * one, so receivers deduplicate on it) and a `version` per type, raised whenever that type's
 * `data` changes incompatibly.
 */
import { z } from 'zod';
import { AlertLevelSchema, CallAlertSchema, CallSourceSchema } from './call-alert';
import { CampaignLabelSchema, VerdictMixSchema } from './campaigns';
import { SignalSchema, VerdictSchema } from './report';
import { CoverageSchema, FINAL_REASONS } from './stream-protocol';

export const WEBHOOK_EVENT_TYPES = [
  'analysis.completed',
  'analysis.review_required',
  'review.submitted',
  'call.alert',
  'call.ended',
  'campaign.detected',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).meta({
  id: 'WebhookEventType',
  description: 'What happened. An integration subscribes to the types it wants.',
});

/** The current `version` of each type's `data`. */
export const EVENT_VERSIONS = {
  'analysis.completed': 1,
  'analysis.review_required': 1,
  'review.submitted': 1,
  'call.alert': 1,
  'call.ended': 1,
  'campaign.detected': 1,
} as const satisfies Record<WebhookEventType, number>;

/** `evt_` and 32 hex digits; the `webhook-id` of every delivery of the event. */
export const EventIdSchema = z
  .string()
  .regex(/^evt_[0-9a-f]{32}$/)
  .meta({ description: 'The event id, also sent as `webhook-id`. Duplicates carry the same id.' });

// The same names as the database's enums (a test keeps them in step).
const AnalysisSource = z.enum(['text', 'audio', 'stream', 'upload', 'twilio']);
const ReviewOutcome = z.enum(['confirmed_scam', 'false_positive', 'inconclusive']);
const Score = z.number().min(0).max(1);
const Timestamp = z.string().meta({ description: 'ISO 8601, UTC.' });

export { type CallAlert, CallAlertSchema } from './call-alert';

/** A live call ended: its final result, without the transcript (read it from the analysis). */
export const CallEndedSchema = z
  .object({
    call_id: z.string(),
    source: CallSourceSchema,
    analysis_id: z.uuid().nullable().meta({ description: 'GET /api/v1/analyses/{id}.' }),
    reason: z.enum(FINAL_REASONS),
    verdict: VerdictSchema,
    combined_score: Score,
    max_score: Score,
    review_required: z.boolean().meta({
      description: 'True when the score is doubtful, or too little of the call was heard.',
    }),
    review_reason: z.string().nullable(),
    recommendation: z.string(),
    duration_ms: z.number().int().nonnegative(),
    total_chunks: z.number().int().nonnegative(),
    coverage: CoverageSchema.meta({
      description:
        'How much of the call was heard; `judged: false` when too little was to judge it.',
    }),
    signals: z.array(SignalSchema),
    alert_levels: z.array(AlertLevelSchema).meta({ description: 'Levels the call raised.' }),
    ended_at: Timestamp,
  })
  .meta({ id: 'CallEnded' });

/** An analysis finished (or failed): its outcome, without the transcript. */
export const AnalysisCompletedSchema = z
  .object({
    analysis_id: z.uuid(),
    source: AnalysisSource,
    status: z.enum(['completed', 'error']),
    verdict: VerdictSchema.nullable(),
    combined_score: Score.nullable(),
    review_required: z.boolean(),
    review_reason: z.string().nullable(),
    signals: z.array(SignalSchema),
    engines: z.array(z.string()),
    file_name: z.string().nullable(),
    error: z.string().nullable().meta({ description: 'Why it failed (status `error`).' }),
    completed_at: Timestamp,
  })
  .meta({ id: 'AnalysisCompleted' });

/** An analysis entered the review queue. */
export const AnalysisReviewRequiredSchema = z
  .object({
    analysis_id: z.uuid(),
    source: AnalysisSource,
    verdict: VerdictSchema,
    combined_score: Score,
    review_reason: z.string().nullable(),
    signals: z.array(SignalSchema),
    assigned_to: z.uuid().nullable(),
    flagged_at: Timestamp,
  })
  .meta({ id: 'AnalysisReviewRequired' });

/** A reviewer recorded an outcome. */
export const ReviewSubmittedSchema = z
  .object({
    analysis_id: z.uuid(),
    review_id: z.string().nullable(),
    outcome: ReviewOutcome,
    notes: z.string().nullable(),
    reviewer_id: z.uuid().nullable(),
    verdict: VerdictSchema.nullable().meta({ description: 'The analysis’s verdict.' }),
    combined_score: Score.nullable(),
    submitted_at: Timestamp,
  })
  .meta({ id: 'ReviewSubmitted' });

/**
 * A campaign's calls in the last 24 hours reached the organisation's level
 * (`detection_calls_per_day`): its counts and label, never a transcript or a number.
 */
export const CampaignDetectedSchema = z
  .object({
    campaign_id: z.uuid().meta({ description: 'GET /api/v1/campaigns/{id}.' }),
    calls_24h: z.number().int().positive().meta({
      description: 'Calls in the current UTC hour and the 23 before it, this call included.',
    }),
    level: z.number().int().positive().meta({
      description: 'The organisation’s `detection_calls_per_day` that was reached.',
    }),
    calls_total: z.number().int().positive(),
    verdicts: VerdictMixSchema,
    label: CampaignLabelSchema.nullable().meta({ description: 'A reviewer’s label, if any.' }),
    first_seen: Timestamp,
    detected_at: Timestamp.meta({ description: 'When the call that reached the level was made.' }),
  })
  .meta({ id: 'CampaignDetected' });

/** Each type's `data`. */
export const EVENT_DATA_SCHEMAS = {
  'analysis.completed': AnalysisCompletedSchema,
  'analysis.review_required': AnalysisReviewRequiredSchema,
  'review.submitted': ReviewSubmittedSchema,
  'call.alert': CallAlertSchema,
  'call.ended': CallEndedSchema,
  'campaign.detected': CampaignDetectedSchema,
} as const satisfies Record<WebhookEventType, z.ZodType>;

/** The `data` of an event of type `T`. */
export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof EVENT_DATA_SCHEMAS)[T]>;

const META_NAMES: Record<WebhookEventType, string> = {
  'analysis.completed': 'AnalysisCompletedEvent',
  'analysis.review_required': 'AnalysisReviewRequiredEvent',
  'review.submitted': 'ReviewSubmittedEvent',
  'call.alert': 'CallAlertEvent',
  'call.ended': 'CallEndedEvent',
  'campaign.detected': 'CampaignDetectedEvent',
};

function envelope<T extends WebhookEventType>(type: T) {
  return z
    .object({
      id: EventIdSchema,
      type: z.literal(type),
      version: z.literal(EVENT_VERSIONS[type]),
      timestamp: Timestamp.meta({ description: 'When the event happened.' }),
      organization_id: z.uuid(),
      test: z
        .boolean()
        .optional()
        .meta({ description: 'True for an event sent by POST …/test (example data).' }),
      data: EVENT_DATA_SCHEMAS[type],
    })
    .meta({ id: META_NAMES[type] });
}

/** Every event as it is delivered (the request body). */
export const WebhookEventSchema = z
  .discriminatedUnion('type', [
    envelope('analysis.completed'),
    envelope('analysis.review_required'),
    envelope('review.submitted'),
    envelope('call.alert'),
    envelope('call.ended'),
    envelope('campaign.detected'),
  ])
  .meta({ id: 'WebhookEvent' });
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** The envelope schema of one type (the OpenAPI `webhooks` entry of that type). */
export function eventSchemaOf(type: WebhookEventType) {
  const option = WebhookEventSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new Error(`no schema for ${type}`);
  return option;
}

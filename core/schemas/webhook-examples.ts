/**
 * Example `data` for every event type: what `POST /api/v1/integrations/{id}/test` sends (with
 * `test: true` on the envelope) and the examples of the OpenAPI document. A test parses each
 * with its schema, so they can't drift from the real payloads.
 */
import type { WebhookEventData, WebhookEventType } from './webhook-events';

const ANALYSIS_ID = '00000000-0000-4000-8000-00000000e001';
const CALL_ID = '00000000-0000-4000-8000-00000000e002';
const AT = '2026-12-03T10:00:00.000Z';

const THREAT = {
  category: 'THREAT',
  detail: 'Threatens arrest or legal action',
  severity: 'high',
  evidence: { text: 'a warrant will be issued for your arrest', start: 41, end: 81 },
} as const;
const PAYMENT = {
  category: 'PAYMENT_DEMAND',
  detail: 'Demands payment by gift card',
  severity: 'high',
  evidence: { text: 'pay with Google Play gift cards', start: 95, end: 126 },
} as const;

/** Example data of each type. */
export const EXAMPLE_EVENT_DATA: { [T in WebhookEventType]: WebhookEventData<T> } = {
  'analysis.completed': {
    analysis_id: ANALYSIS_ID,
    source: 'upload',
    status: 'completed',
    verdict: 'SCAM',
    combined_score: 0.97,
    review_required: false,
    review_reason: null,
    signals: [THREAT, PAYMENT],
    engines: ['local'],
    file_name: 'call-0042.wav',
    error: null,
    completed_at: AT,
  },
  'analysis.review_required': {
    analysis_id: ANALYSIS_ID,
    source: 'upload',
    verdict: 'SUSPICIOUS',
    combined_score: 0.42,
    review_reason: 'score in the doubtful band',
    signals: [THREAT],
    assigned_to: null,
    flagged_at: AT,
  },
  'review.submitted': {
    analysis_id: ANALYSIS_ID,
    review_id: null,
    outcome: 'confirmed_scam',
    notes: 'Caller hung up when asked for a badge number.',
    reviewer_id: '00000000-0000-4000-8000-00000000e003',
    verdict: 'SUSPICIOUS',
    combined_score: 0.42,
    submitted_at: AT,
  },
  'call.alert': {
    call_id: CALL_ID,
    source: 'stream',
    level: 'alert',
    threshold: 0.6,
    score: 0.71,
    max_score: 0.74,
    verdict: 'LIKELY_SCAM',
    chunk_index: 3,
    call_position_ms: 15_000,
    signals: [THREAT, PAYMENT],
    recommendation: 'Likely a scam: do not pay or share information; hang up.',
    raised_at: AT,
  },
  'call.ended': {
    call_id: CALL_ID,
    source: 'stream',
    analysis_id: CALL_ID,
    reason: 'end_stream',
    verdict: 'SCAM',
    combined_score: 0.96,
    max_score: 0.96,
    review_required: false,
    review_reason: null,
    recommendation: 'Likely a scam: do not pay or share information; hang up.',
    duration_ms: 35_000,
    total_chunks: 7,
    coverage: {
      windows_received: 7,
      windows_heard: 7,
      received_ms: 35_000,
      heard_ms: 35_000,
      judged: true,
    },
    signals: [THREAT, PAYMENT],
    alert_levels: ['review', 'alert', 'hard_alert'],
    ended_at: AT,
  },
  'campaign.detected': {
    campaign_id: '00000000-0000-4000-8000-00000000e004',
    calls_24h: 25,
    level: 25,
    calls_total: 31,
    verdicts: { SAFE: 22, SUSPICIOUS: 6, LIKELY_SCAM: 2, SCAM: 1 },
    label: null,
    first_seen: '2026-12-02T16:20:00.000Z',
    detected_at: AT,
  },
};

/**
 * A live call alert: the `data` of a `call.alert` event and the body of the `/ws/stream`
 * `alert` message. Its own module so the stream protocol and the webhook events can both use
 * it without importing each other.
 */
import { z } from 'zod';
import { ALERT_LEVELS } from '../alerts';
import { SignalSchema, VerdictSchema } from './report';

const Score = z.number().min(0).max(1);

export const AlertLevelSchema = z.enum(ALERT_LEVELS).meta({
  id: 'AlertLevel',
  description:
    'review, alert, hard_alert: CallShield’s table (0.30, 0.60, 0.85 unless the organisation set its own).',
});

export const CallSourceSchema = z
  .enum(['stream', 'twilio'])
  .meta({ description: '`stream`: a /ws/stream client; `twilio`: a phone call (Media Streams).' });
export type CallSource = z.infer<typeof CallSourceSchema>;

/** A live call reached an alert level. */
export const CallAlertSchema = z
  .object({
    call_id: z.string().meta({ description: 'The stream id.' }),
    source: CallSourceSchema,
    level: AlertLevelSchema,
    threshold: Score.meta({ description: 'The lowest score of this level.' }),
    score: Score.meta({ description: 'The running (cumulative) score that reached it.' }),
    max_score: Score,
    verdict: VerdictSchema,
    chunk_index: z.number().int().positive().nullable().meta({
      description: 'The chunk that reached it; null when the final result did (the full pass).',
    }),
    call_position_ms: z.number().int().nonnegative(),
    signals: z.array(SignalSchema).meta({ description: 'Every signal so far, with its evidence.' }),
    recommendation: z.string(),
    raised_at: z.string().meta({ description: 'ISO 8601, UTC.' }),
  })
  .meta({ id: 'CallAlert' });
export type CallAlert = z.infer<typeof CallAlertSchema>;

/**
 * The `/ws/stream` wire protocol (CallShield's message names and fields, plus additions).
 * Binary frames carry audio (one WAV file per chunk); text frames carry JSON.
 * Every inbound text frame is validated with these schemas; every outbound message is typed
 * by them.
 */
import { z } from 'zod';
import { VERDICTS } from '../thresholds';
import { CallAlertSchema } from './call-alert';
import { SignalSchema } from './report';

/** Stream limits (CallShield's). */
export const MAX_CHUNK_BYTES = 512 * 1024;
export const MAX_CHUNKS = 60;

// ---- client → server -------------------------------------------------------------------

/** `{"type":"end_stream"}` asks for the final result; `ping` keeps an idle stream alive. */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('end_stream') }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

// ---- server → client -------------------------------------------------------------------

const Verdict = z.enum(VERDICTS);

/** A signal of the call so far: the report's Signal, plus where in the call it first showed. */
const StreamSignal = SignalSchema.extend({
  first_chunk: z.number().int().optional(),
});
export type StreamSignal = z.infer<typeof StreamSignal>;

/**
 * Stream error codes. The stream goes on after every one, except `IDLE_TIMEOUT` (the final
 * result follows, then the close) and the refusals of a socket before its stream opens
 * (`UNAUTHORIZED`, `FORBIDDEN`: close 4001; `RATE_LIMITED`: 4029).
 */
export const STREAM_ERROR_CODES = [
  'CHUNK_TOO_LARGE',
  'INVALID_AUDIO',
  'INVALID_MESSAGE',
  'CHUNK_LIMIT_REACHED',
  'STREAM_ENDED',
  'TRANSCRIPTION_UNAVAILABLE',
  'IDLE_TIMEOUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
] as const;
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

export const ConnectedMessageSchema = z.object({
  type: z.literal('connected'),
  stream_id: z.string(),
  /** Highest chunk index already processed (0 for a new stream). */
  last_chunk_index: z.number().int().nonnegative(),
  resumed: z.boolean(),
  limits: z.object({
    max_chunk_bytes: z.number().int(),
    max_chunks: z.number().int(),
    idle_timeout_ms: z.number().int(),
  }),
  /** Lower bounds of SUSPICIOUS, LIKELY_SCAM and SCAM, for drawing the gauge and chart. */
  thresholds: z.object({ suspicious: z.number(), likely_scam: z.number(), scam: z.number() }),
});
export type ConnectedMessage = z.infer<typeof ConnectedMessageSchema>;

export const TranscriptionStatusSchema = z.enum(['ok', 'silent', 'unavailable']);

/**
 * What the pipeline computes for one audio window, whatever protocol brought the audio in.
 * `/ws/stream` sends it as a `partial_result`; a Twilio stream uses it for alerts.
 */
export const ChunkResultSchema = z.object({
  chunk_index: z.number().int().positive(),
  /** Audio position at the end of this chunk, in ms from the start of the call. */
  timestamp_ms: z.number().int().nonnegative(),
  /**
   * This chunk's own score, as CallShield sends it: the words the chunk added
   * (`chunk_transcript`) scored alone; 0 for a chunk with no words (silent or unheard).
   * CallShield's clients draw it as the chunk's bar and compare it chunk to chunk.
   */
  scam_score: z.number().min(0).max(1),
  /** Score of the whole call so far, rescored with this chunk's words in context. */
  call_score: z.number().min(0).max(1),
  /** Running score the verdict and the alerts follow: 0.6 × max_score + 0.4 × call_score. */
  cumulative_score: z.number().min(0).max(1),
  /** Highest call_score so far. */
  max_score: z.number().min(0).max(1),
  /** Change of call_score since the previous chunk. */
  score_delta: z.number().min(-1).max(1),
  /** Scam signals of `signals` first seen in this chunk. */
  new_signals: z.array(StreamSignal),
  /**
   * Scam signals of the call so far, one per category; on a silent chunk also CallShield's
   * `SILENCE` marker (severity low), which never reaches `new_signals` or the final result.
   */
  signals: z.array(StreamSignal),
  /** Reassuring evidence of the call so far (never in `signals`). */
  counter_signals: z.array(StreamSignal),
  verdict: Verdict,
  confidence: z.number().min(0).max(1),
  recommendation: z.string(),
  transcript_summary: z.string(),
  review_required: z.boolean(),
  /** Acoustic context of this chunk (core/acoustic.ts `voiceIndicators`); null: not measured. */
  vocal_stress: z.number().min(0).max(1).nullable(),
  background_noise: z.number().min(0).max(1).nullable(),
  /** Always null: nothing measured here is a synthetic-voice detector. */
  synthetic_voice_probability: z.null(),
  /** What was heard in this chunk, and how. */
  chunk_transcript: z.string(),
  transcription: TranscriptionStatusSchema,
  engine: z.string().nullable(),
  chunk_processing_ms: z.number().nonnegative(),
  /** Part of chunk_processing_ms spent waiting for the sidecar (transcription). */
  transcription_ms: z.number().nonnegative(),
  /**
   * The campaign the organisation's reviewers labelled that the call's running transcript
   * matched (docs/campaigns.md, "Live calls"); absent until one matched, then on every later
   * result. Its evidence is the KNOWN_SCAM_CAMPAIGN signal or KNOWN_LEGITIMATE_CAMPAIGN
   * counter-signal.
   */
  campaign_id: z.string().optional(),
});
export type ChunkResult = z.infer<typeof ChunkResultSchema>;

/** A chunk's result as `/ws/stream` sends it (and `GET /api/streams/{id}` lists it). */
export const PartialResultSchema = z.object({
  type: z.literal('partial_result'),
  stream_id: z.string(),
  ...ChunkResultSchema.shape,
  /** True when this chunk index was already processed (a resend after reconnecting). */
  duplicate: z.boolean().optional(),
});
export type PartialResult = z.infer<typeof PartialResultSchema>;

/**
 * Why a call ended. `rate_limited`: a phone call's audio came faster than real time allows
 * (durable-objects/call-session/transports/twilio/pacing.ts); never on `/ws/stream`.
 */
export const FINAL_REASONS = [
  'end_stream',
  'chunk_limit',
  'idle_timeout',
  'client_disconnect',
  'rate_limited',
] as const;
export type FinalReason = (typeof FINAL_REASONS)[number];

/**
 * How much of a call was heard. A window is heard when the sidecar transcribed it or it was
 * measured silent; one the sidecar could not process (`unavailable`) is not, unless the final
 * pass transcribed the whole call again. `judged` is false when too little was heard to judge
 * the call (see `MIN_HEARD_SHARE` in durable-objects/call-session/finalize.ts); a call with
 * no audio missed nothing, so it is judged.
 */
export const CoverageSchema = z
  .object({
    windows_received: z.number().int().nonnegative(),
    windows_heard: z.number().int().nonnegative(),
    received_ms: z.number().int().nonnegative(),
    heard_ms: z.number().int().nonnegative(),
    judged: z.boolean(),
  })
  .meta({ id: 'Coverage' });
export type Coverage = z.infer<typeof CoverageSchema>;

/** The pipeline's final result of a call, whatever protocol brought the audio in. */
export const StreamFinalSchema = z.object({
  reason: z.enum(FINAL_REASONS),
  total_chunks: z.number().int().nonnegative(),
  /** max(last cumulative_score, score of the final transcript). */
  combined_score: z.number().min(0).max(1),
  max_score: z.number().min(0).max(1),
  verdict: Verdict,
  confidence: z.number().min(0).max(1),
  /** Scam signals of the whole call. */
  signals: z.array(StreamSignal),
  /** Reassuring evidence of the whole call. */
  counter_signals: z.array(StreamSignal),
  /** The text engine's score of `transcript` alone; null when nothing was heard. */
  text_score: z.number().min(0).max(1).nullable(),
  recommendation: z.string(),
  transcript_summary: z.string(),
  transcript: z.string(),
  /** `full_pass`: the whole call was transcribed again in one piece for this result. */
  transcript_source: z.enum(['chunks', 'full_pass']),
  /** True when a person should look: the score is doubtful, or too little was heard. */
  review_required: z.boolean(),
  review_reason: z.string().nullable(),
  duration_ms: z.number().int().nonnegative(),
  /** How much of the call was heard, and whether that was enough to judge it. */
  coverage: CoverageSchema,
  engines: z.array(z.string()),
  finalized_at: z.string(),
  /** The labelled campaign the call matched while live (see `ChunkResult`); absent: none. */
  campaign_id: z.string().optional(),
});
export type StreamFinal = z.infer<typeof StreamFinalSchema>;

/** The final result as `/ws/stream` sends it (and `GET /api/streams/{id}` shows it). */
export const FinalResultSchema = z.object({
  type: z.literal('final_result'),
  stream_id: z.string(),
  ...StreamFinalSchema.shape,
});
export type FinalResult = z.infer<typeof FinalResultSchema>;

export const ErrorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.enum(STREAM_ERROR_CODES),
  /** CallShield's field name for the message. */
  detail: z.string(),
  chunk_index: z.number().int().optional(),
  /** `RATE_LIMITED`: seconds until a new stream would be accepted. */
  retry_after: z.number().int().positive().optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>;

/**
 * The call reached an alert level (review, alert, hard alert): sent right after the
 * `partial_result` that reached it, or just before the `final_result` when the final pass did.
 * Each level comes once per call. CallShield's clients ignore message types they don't know.
 */
export const AlertMessageSchema = z.object({
  type: z.literal('alert'),
  stream_id: z.string(),
  ...CallAlertSchema.shape,
});
export type AlertMessage = z.infer<typeof AlertMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  ConnectedMessageSchema,
  PartialResultSchema,
  FinalResultSchema,
  ErrorMessageSchema,
  AlertMessageSchema,
  z.object({ type: z.literal('pong') }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

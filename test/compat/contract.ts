/**
 * CallShield's wire contract, written from its published models and client types
 * (`backend/models/schemas.py`, `services/stream_processor.py`, `frontend/src/hooks/useStream.ts`,
 * `frontend/src/types/scamReport.ts`; notes in docs/callshield-compatibility.md). These
 * schemas say what a CallShield client may rely on: each field it reads, with its type. They are
 * loose (`passthrough`) about what we add. No CallShield code is copied; the shapes are facts.
 */
import { z } from 'zod';

const unit = z.number().min(0).max(1);

/** `Signal`: category, detail, severity low|medium|high. */
export const CsSignal = z.looseObject({
  category: z.string(),
  detail: z.string(),
  severity: z.enum(['low', 'medium', 'high']),
});

/** `AnalysisResult`. */
export const CsAnalysis = z.looseObject({
  scam_score: unit,
  confidence: unit,
  verdict: z.enum(['SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM']),
  signals: z.array(CsSignal),
  transcript_summary: z.string().nullable().optional(),
  recommendation: z.string(),
  review_required: z.boolean(),
  review_reason: z.string().nullable(),
});

/** `ScamReport`. */
export const CsReport = z.looseObject({
  id: z.string().startsWith('analysis_'),
  mode: z.enum(['audio', 'text']),
  audio_analysis: CsAnalysis.nullable(),
  text_analysis: CsAnalysis.nullable(),
  combined_score: unit,
  processing_time_ms: z.number().nonnegative(),
  review_required: z.boolean(),
  review_reason: z.string().nullable(),
  analyzed_at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
});

/** `/api/health`. */
export const CsHealth = z.looseObject({
  status: z.literal('ok'),
  model: z.string().min(1),
  version: z.string(),
  demo_mode: z.boolean(),
});

/** Handler and auth errors: `{"detail": {"error", "detail"}}`. */
export const CsHandlerError = z.looseObject({
  detail: z.looseObject({ error: z.string(), detail: z.string() }),
});

/** FastAPI's 422: `{"detail": [{type, loc, msg, input, ctx?}]}`. */
export const CsValidationError = z.looseObject({
  detail: z
    .array(
      z.looseObject({
        type: z.string(),
        loc: z.array(z.union([z.string(), z.number()])),
        msg: z.string(),
        input: z.unknown(),
        ctx: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
});

/** slowapi's 429 (top level, unlike every other error). */
export const CsRateLimited = z.looseObject({
  error: z.literal('rate_limit_exceeded'),
  detail: z.string(),
});

/** FastAPI's own 404/405: `detail` is text. */
export const CsFrameworkError = z.looseObject({ detail: z.string() });

/**
 * `partial_result`. The acoustic fields are numbers in CallShield; ours are null where nothing
 * was measured (its client draws null as 0 %), a deviation docs/callshield-compatibility.md lists.
 */
export const CsPartial = z.looseObject({
  type: z.literal('partial_result'),
  chunk_index: z.number().int().positive(),
  timestamp_ms: z.number().int().nonnegative(),
  score_delta: z.number(),
  new_signals: z.array(CsSignal),
  chunk_processing_ms: z.number().nonnegative(),
  vocal_stress: unit.nullable(),
  background_noise: unit.nullable(),
  synthetic_voice_probability: unit.nullable(),
  scam_score: unit,
  cumulative_score: unit,
  verdict: z.enum(['SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM']),
  signals: z.array(CsSignal),
});

/** Fields a non-silent `partial_result` adds (CallShield leaves them off silent chunks). */
export const CsSpokenPartial = CsPartial.extend({
  max_score: unit,
  confidence: unit,
  recommendation: z.string(),
  transcript_summary: z.string(),
});

/** `final_result`. */
export const CsFinal = z.looseObject({
  type: z.literal('final_result'),
  total_chunks: z.number().int().nonnegative(),
  combined_score: unit,
  max_score: unit,
  verdict: z.enum(['SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM']),
  signals: z.array(CsSignal),
  recommendation: z.string(),
  transcript_summary: z.string(),
  review_required: z.boolean(),
  review_reason: z.string().nullable(),
  text_score: unit.nullable(),
});

/** `connected` and `error`. */
export const CsConnected = z.looseObject({ type: z.literal('connected') });
export const CsStreamError = z.looseObject({ type: z.literal('error'), detail: z.string() });

/** Asserts `value` fits `schema`, naming every field that doesn't. */
export function conforms<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`does not fit CallShield's contract:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

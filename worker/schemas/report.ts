import { z } from '@hono/zod-openapi';
import { SEVERITIES, SIGNAL_CATEGORIES } from '../core/scoring/taxonomy';
import { AcousticFeaturesSchema } from '../core/sidecar-protocol';
import { VERDICTS } from '../core/thresholds';

/** Wire shapes of a scoring result. Every TypeScript type for them is `z.infer` of these. */

export const VerdictSchema = z.enum(VERDICTS).openapi('Verdict', {
  description:
    'Derived from the score: < 0.30 SAFE, < 0.60 SUSPICIOUS, < 0.85 LIKELY_SCAM, else SCAM (configurable).',
});

export const SignalCategorySchema = z.enum(SIGNAL_CATEGORIES).openapi('SignalCategory');

export const EvidenceSchema = z
  .object({
    text: z.string().openapi({ description: 'The quoted span of the transcript.' }),
    start: z
      .number()
      .int()
      .nonnegative()
      .openapi({ description: 'Character offset where the span starts.' }),
    end: z
      .number()
      .int()
      .nonnegative()
      .openapi({ description: 'Character offset just past the span.' }),
  })
  .openapi('Evidence');

export const SignalSchema = z
  .object({
    category: SignalCategorySchema,
    detail: z.string(),
    severity: z.enum(SEVERITIES),
    evidence: EvidenceSchema.optional(),
    counter: z
      .boolean()
      .optional()
      .openapi({ description: 'True for counter-signals, which lower the score.' }),
  })
  .openapi('Signal');

export const EngineNameSchema = z.enum(['local', 'gemini', 'acoustic']).openapi('EngineName');

export const AnalysisSchema = z
  .object({
    scam_score: z.number().min(0).max(1),
    confidence: z.number().min(0).max(1),
    verdict: VerdictSchema,
    signals: z.array(SignalSchema),
    recommendation: z.string(),
    transcript_summary: z.string().optional(),
    engine: EngineNameSchema.optional(),
  })
  .openapi('Analysis');

export const ReportModeSchema = z.enum(['text', 'audio', 'stream']);

export const ScamReportSchema = z
  .object({
    id: z.string(),
    mode: ReportModeSchema,
    combined_score: z.number().min(0).max(1),
    verdict: VerdictSchema,
    audio_analysis: AnalysisSchema.nullable(),
    text_analysis: AnalysisSchema.nullable(),
    processing_time_ms: z.number().nonnegative(),
    review_required: z.boolean(),
    review_reason: z.string().nullable(),
    analyzed_at: z.string().openapi({ example: '2026-11-22T10:00:00Z' }),
    engines: z
      .array(EngineNameSchema)
      .openapi({ description: 'Engines that contributed to the score.' }),
    transcript: z.string().optional(),
    engine_fallback_reason: z.string().optional().openapi({
      description: 'Why Gemini was wanted but the local result was used (code: message).',
    }),
    features: AcousticFeaturesSchema.optional().openapi({
      description: 'Measured acoustic features (audio mode).',
    }),
    asr_engine: z
      .object({ name: z.string(), model: z.string().nullable() })
      .optional()
      .openapi({ description: 'The speech recognition engine that made the transcript.' }),
    audio: z
      .object({
        original_key: z.string(),
        trimmed_key: z.string().nullable(),
        trimmed_stored: z.boolean(),
      })
      .optional()
      .openapi({ description: 'Where the audio was stored in R2.' }),
  })
  .openapi('ScamReport');

export type Signal = z.infer<typeof SignalSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Analysis = z.infer<typeof AnalysisSchema>;
export type ScamReport = z.infer<typeof ScamReportSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type EngineName = z.infer<typeof EngineNameSchema>;

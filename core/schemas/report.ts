import { z } from 'zod';
import { SEVERITIES, SIGNAL_CATEGORIES } from '../scoring/taxonomy';
import { VERDICTS } from '../thresholds';
import { AcousticFeaturesSchema } from './sidecar-protocol';

/** Wire shapes of a scoring result. Every TypeScript type for them is `z.infer` of these. */

export const VerdictSchema = z.enum(VERDICTS).meta({
  id: 'Verdict',
  description:
    'Derived from the score: < 0.30 SAFE, < 0.60 SUSPICIOUS, < 0.85 LIKELY_SCAM, else SCAM (configurable).',
});

export const SignalCategorySchema = z.enum(SIGNAL_CATEGORIES).meta({ id: 'SignalCategory' });

export const EvidenceSchema = z
  .object({
    text: z.string().meta({ description: 'The quoted span of the transcript.' }),
    start: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Character offset where the span starts.' }),
    end: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Character offset just past the span.' }),
  })
  .meta({ id: 'Evidence' });

export const SignalSchema = z
  .object({
    category: SignalCategorySchema,
    detail: z.string(),
    severity: z.enum(SEVERITIES),
    evidence: EvidenceSchema.optional(),
    counter: z
      .boolean()
      .optional()
      .meta({ description: 'True for counter-signals, which lower the score.' }),
  })
  .meta({ id: 'Signal' });

export const ScoringEngineSchema = z
  .enum(['local', 'gemini', 'acoustic'])
  .meta({ id: 'ScoringEngine' });

export const AnalysisSchema = z
  .object({
    scam_score: z.number().min(0).max(1),
    confidence: z.number().min(0).max(1),
    verdict: VerdictSchema,
    signals: z.array(SignalSchema),
    recommendation: z.string(),
    transcript_summary: z.string().optional(),
    engine: ScoringEngineSchema.optional(),
  })
  .meta({ id: 'Analysis' });

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
    analyzed_at: z.string().meta({ example: '2026-11-22T10:00:00Z' }),
    engines: z
      .array(ScoringEngineSchema)
      .meta({ description: 'Engines that contributed to the score.' }),
    transcript: z.string().optional(),
    engine_fallback_reason: z.string().optional().meta({
      description: 'Why Gemini was wanted but the local result was used (code: message).',
    }),
    features: AcousticFeaturesSchema.optional().meta({
      description: 'Measured acoustic features (audio mode).',
    }),
    asr_engine: z
      .object({ name: z.string(), model: z.string().nullable() })
      .optional()
      .meta({ description: 'The speech recognition engine that made the transcript.' }),
    audio: z
      .object({
        original_key: z.string(),
        trimmed_key: z.string().nullable(),
        trimmed_stored: z.boolean(),
      })
      .optional()
      .meta({ description: 'Where the audio was stored in R2.' }),
  })
  .meta({ id: 'ScamReport' });

export type Signal = z.infer<typeof SignalSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Analysis = z.infer<typeof AnalysisSchema>;
export type ScamReport = z.infer<typeof ScamReportSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type ScoringEngine = z.infer<typeof ScoringEngineSchema>;

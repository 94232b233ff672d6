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

/**
 * What a scoring engine produces: every signal it found in one list, counter-signals marked
 * `counter: true`. Internal: reports carry {@link ReportAnalysisSchema}, which keeps them apart.
 */
export const AnalysisSchema = z.object({
  scam_score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  verdict: VerdictSchema,
  signals: z.array(SignalSchema),
  recommendation: z.string(),
  transcript_summary: z.string().optional(),
  engine: ScoringEngineSchema.optional(),
});

/**
 * An analysis as a report carries it (CallShield's `AnalysisResult`, plus evidence). Scam
 * signals and counter-signals are apart, because CallShield's clients draw every entry of
 * `signals` as a threat.
 */
export const ReportAnalysisSchema = AnalysisSchema.extend({
  signals: z.array(SignalSchema).meta({
    description: 'Scam signals (and acoustic cues): what raises the score. Never a counter-signal.',
  }),
  counter_signals: z.array(SignalSchema).meta({
    description:
      'Reassuring evidence that lowers the score (independent verification offered, "we will never ask for your PIN", an existing appointment or order).',
  }),
  review_required: z
    .boolean()
    .meta({ description: 'Whether this analysis alone would need a human look.' }),
  review_reason: z.string().nullable(),
}).meta({ id: 'Analysis' });

export const ReportModeSchema = z.enum(['text', 'audio', 'stream']);

export const ScamReportSchema = z
  .object({
    id: z.string(),
    mode: ReportModeSchema,
    combined_score: z.number().min(0).max(1),
    verdict: VerdictSchema,
    // Audio uploads: the verdict on the audio as a whole (the transcript's score combined
    // with the acoustic cues, both kinds of signal). Null for text. (A description here would
    // inline the component.)
    audio_analysis: z.union([ReportAnalysisSchema, z.null()]),
    // Text: the transcript's analysis. Audio: a second engine's own scoring of the recognised
    // transcript (Gemini, when configured and asked), else null, as CallShield sends it; never
    // a copy of audio_analysis.
    text_analysis: z.union([ReportAnalysisSchema, z.null()]),
    processing_time_ms: z
      .number()
      .nonnegative()
      .meta({ description: 'Measured server time for this analysis, in ms (fractional).' }),
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
    campaign_id: z.string().optional().meta({
      description:
        "The campaign labelled by the organisation's reviewers that this call's script matched, whose `KNOWN_SCAM_CAMPAIGN` signal or `KNOWN_LEGITIMATE_CAMPAIGN` counter-signal changed the score (GET /api/v1/campaigns/{id}). Absent when none matched. The stored analysis joins this campaign.",
    }),
  })
  .meta({
    id: 'ScamReport',
    description:
      "For text, `text_analysis` scores the transcript. For audio, `audio_analysis` is the verdict on the audio as a whole (the transcript's score combined with the acoustic cues) and `combined_score` is its score; `text_analysis` is a second engine's own scoring of the transcript (Gemini, when it scored it), else null, as CallShield sends it.",
  });

export type Signal = z.infer<typeof SignalSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Analysis = z.infer<typeof AnalysisSchema>;
export type ReportAnalysis = z.infer<typeof ReportAnalysisSchema>;
export type ScamReport = z.infer<typeof ScamReportSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type ScoringEngine = z.infer<typeof ScoringEngineSchema>;

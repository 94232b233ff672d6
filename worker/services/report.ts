import type { Analysis, ScamReport } from '#core/schemas/report';
import { reviewDecision } from '#core/scoring/index';
import { clamp01, round4, type Thresholds, verdictFor } from '#core/thresholds';

type ScoringEngine = ScamReport['engines'][number];

/** What a route knows when it assembles a report. */
export interface ReportInput {
  mode: ScamReport['mode'];
  text: Analysis | null;
  audio: Analysis | null;
  engines: ScoringEngine[];
  thresholds: Thresholds;
  startedAt: number;
  transcript?: string;
  id?: string;
  /** Why Gemini was wanted but not used. */
  fallbackReason?: string;
  /** Audio-only details (features, speech engine, stored objects). */
  audioDetails?: Pick<ScamReport, 'features' | 'asr_engine' | 'audio'>;
}

/**
 * Combines the analyses into one report.
 *
 * combined_score = 1 − (1 − text)(1 − audio): acoustic evidence can only add suspicion on top
 * of what was said, and a missing analysis counts as 0. The verdict always comes from the
 * thresholds, and review is decided on the combined result.
 */
export function buildReport(input: ReportInput): ScamReport {
  const text = input.text?.scam_score ?? 0;
  const audio = input.audio?.scam_score ?? 0;
  const combined = round4(clamp01(1 - (1 - text) * (1 - audio)));
  const primary = input.text ?? input.audio;
  const review = primary
    ? reviewDecision(
        { ...primary, scam_score: combined, verdict: verdictFor(combined, input.thresholds) },
        input.thresholds,
      )
    : { review_required: false, review_reason: null };
  const report: ScamReport = {
    id: input.id ?? `analysis_${crypto.randomUUID()}`,
    mode: input.mode,
    combined_score: combined,
    verdict: verdictFor(combined, input.thresholds),
    audio_analysis: input.audio,
    text_analysis: input.text,
    processing_time_ms: round4(Math.max(0, performance.now() - input.startedAt)),
    review_required: review.review_required,
    review_reason: review.review_reason,
    analyzed_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    engines: input.engines,
  };
  if (input.transcript !== undefined) report.transcript = input.transcript;
  if (input.fallbackReason) report.engine_fallback_reason = input.fallbackReason;
  return input.audioDetails ? { ...report, ...input.audioDetails } : report;
}

import { audioVerdict } from '#core/acoustic';
import type { Analysis, ScamReport } from '#core/schemas/report';
import { reportAnalysis } from '#core/scoring/index';
import type { Thresholds } from '#core/thresholds';

type ScoringEngine = ScamReport['engines'][number];

/** What a route knows when it assembles a report. */
export interface ReportInput {
  mode: ScamReport['mode'];
  /** The transcript's analysis by the text engine (local, blended with Gemini when asked). */
  text: Analysis;
  /** Audio: the acoustic cues (core/acoustic.ts `acousticAnalysis`), null when there were none. */
  acoustic?: Analysis | null;
  /**
   * Audio: a second engine's own scoring of the transcript (Gemini's, `second_opinion` of the
   * text engine's result), when one scored it.
   */
  secondOpinion?: Analysis;
  engines: ScoringEngine[];
  thresholds: Thresholds;
  startedAt: number;
  transcript?: string;
  id?: string;
  /** Why Gemini was wanted but not used. */
  fallbackReason?: string;
  /**
   * The labelled campaign whose adjustment (core/campaigns/adjust.ts) `text` already carries:
   * the report names it as `campaign_id`.
   */
  campaignId?: string;
  /** Audio-only details (features, speech engine, stored objects). */
  audioDetails?: Pick<ScamReport, 'features' | 'asr_engine' | 'audio'>;
}

/**
 * Assembles a report. A transcript's report has its analysis as `text_analysis`. An audio
 * report's `audio_analysis` is the verdict on the audio as a whole (the transcript's score with
 * the acoustic cues on top, core/acoustic.ts `audioVerdict`), and its `text_analysis` is a
 * second opinion: the transcript as another engine (Gemini) scored it, or null when none did,
 * as CallShield sends it when its second model did not run. Never a copy of `audio_analysis`:
 * CallShield's UI would show two engines agreeing. The primary analysis (the audio's, else the
 * text's) gives `combined_score`, the verdict and the review decision. Every analysis is shown
 * with its signals split from its counter-signals.
 */
export function buildReport(input: ReportInput): ScamReport {
  const { thresholds } = input;
  const transcript = reportAnalysis(input.text, thresholds);
  const audio =
    input.mode === 'audio'
      ? reportAnalysis(audioVerdict(input.text, input.acoustic ?? null, thresholds), thresholds)
      : null;
  const second =
    input.mode === 'audio' && input.secondOpinion
      ? reportAnalysis(input.secondOpinion, thresholds)
      : null;
  const primary = audio ?? transcript;
  const report: ScamReport = {
    id: input.id ?? `analysis_${crypto.randomUUID()}`,
    mode: input.mode,
    combined_score: primary.scam_score,
    verdict: primary.verdict,
    audio_analysis: audio,
    text_analysis: input.mode === 'audio' ? second : transcript,
    processing_time_ms: elapsedMs(input.startedAt),
    review_required: primary.review_required,
    review_reason: primary.review_reason,
    analyzed_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    engines: input.engines,
  };
  if (input.transcript !== undefined) report.transcript = input.transcript;
  if (input.fallbackReason) report.engine_fallback_reason = input.fallbackReason;
  const withAudio = input.audioDetails ? { ...report, ...input.audioDetails } : report;
  return input.campaignId ? { ...withAudio, campaign_id: input.campaignId } : withAudio;
}

/** Milliseconds since `startedAt` (a `performance.now()` reading), to 0.01 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round(Math.max(0, performance.now() - startedAt) * 100) / 100;
}

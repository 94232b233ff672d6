import type { Analysis, ScamReport } from '#core/schemas/report';
import { reportAnalysis } from '#core/scoring/index';
import type { Thresholds } from '#core/thresholds';

type ScoringEngine = ScamReport['engines'][number];

/** What a route knows when it assembles a report. */
export interface ReportInput {
  mode: ScamReport['mode'];
  /** The transcript's analysis. */
  text: Analysis | null;
  /** The verdict on the audio as a whole (core/acoustic.ts `audioVerdict`); null for text. */
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
 * Assembles a report. The primary analysis is the audio's when there is one (it already holds
 * the transcript's score combined with the acoustic cues), else the text's: its score is
 * `combined_score`, its verdict the report's, its review decision the report's. Every
 * analysis is shown with its signals split from its counter-signals.
 */
export function buildReport(input: ReportInput): ScamReport {
  const text = input.text ? reportAnalysis(input.text, input.thresholds) : null;
  const audio = input.audio ? reportAnalysis(input.audio, input.thresholds) : null;
  const primary = audio ?? text;
  const report: ScamReport = {
    id: input.id ?? `analysis_${crypto.randomUUID()}`,
    mode: input.mode,
    combined_score: primary?.scam_score ?? 0,
    verdict: primary?.verdict ?? 'SAFE',
    audio_analysis: audio,
    text_analysis: text,
    processing_time_ms: elapsedMs(input.startedAt),
    review_required: primary?.review_required ?? false,
    review_reason: primary?.review_reason ?? null,
    analyzed_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    engines: input.engines,
  };
  if (input.transcript !== undefined) report.transcript = input.transcript;
  if (input.fallbackReason) report.engine_fallback_reason = input.fallbackReason;
  return input.audioDetails ? { ...report, ...input.audioDetails } : report;
}

/** Milliseconds since `startedAt` (a `performance.now()` reading), to 0.01 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round(Math.max(0, performance.now() - startedAt) * 100) / 100;
}

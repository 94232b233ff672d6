/**
 * An engine's analysis as reports and streams show it. Pure: no runtime-specific imports.
 *
 * Engines keep every signal in one list, counter-signals marked, because scoring and advice
 * read them together. Clients get them apart: CallShield's clients draw every entry of
 * `signals` as a detected threat, so "we will never ask for your PIN" must never be one.
 */
import type { Analysis, ReportAnalysis, Signal } from '../schemas/report';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../thresholds';
import { reviewDecision } from './review';

/** Scam signals (and acoustic cues) apart from counter-signals, each list in its own order. */
export function splitSignals<S extends Signal>(
  all: readonly S[],
): { signals: S[]; counter_signals: S[] } {
  return {
    signals: all.filter((s) => !s.counter),
    counter_signals: all.filter((s) => s.counter === true),
  };
}

/** The analysis as a report carries it: signals split, with its own review decision. */
export function reportAnalysis(
  analysis: Analysis,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): ReportAnalysis {
  return {
    ...analysis,
    ...splitSignals(analysis.signals),
    ...reviewDecision(analysis, thresholds),
  };
}

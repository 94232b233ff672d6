import type { Analysis, Evidence, Signal } from '#core/schemas/report';
import { clamp01, round4, type Thresholds, verdictFor } from '#core/thresholds';
import { injectionSignal } from './injection';

/**
 * How the cascade merges engines. Pure: no runtime-specific imports. The rule itself is
 * documented at the top of `cascade.ts`.
 */

const SEVERITY_RANK: Record<Signal['severity'], number> = { low: 0, medium: 1, high: 2 };

/** Neither engine's confidence may silence the other entirely. */
const MIN_WEIGHT = 0.05;

/** One signal per category: the more severe wins, and keeps the other's evidence if it has none. */
export function mergeSignals(...lists: readonly (readonly Signal[])[]): Signal[] {
  const byCategory = new Map<Signal['category'], Signal>();
  for (const list of lists) {
    for (const signal of list) {
      const previous = byCategory.get(signal.category);
      if (!previous) {
        byCategory.set(signal.category, signal);
        continue;
      }
      const keep =
        SEVERITY_RANK[signal.severity] > SEVERITY_RANK[previous.severity] ? signal : previous;
      const other = keep === signal ? previous : signal;
      const merged =
        keep.evidence || !other.evidence ? keep : { ...keep, evidence: other.evidence };
      byCategory.set(signal.category, merged);
    }
  }
  return [...byCategory.values()];
}

const INJECTION_RECOMMENDATION =
  'The caller tried to instruct the call screener: treat the call as suspicious and verify it independently.';

/**
 * Applies the injection guard to an analysis: adds the signal and lifts the score to at least
 * `floor` (the local score) and the SUSPICIOUS threshold. A no-op without hits.
 */
export function applyInjectionGuard(
  analysis: Analysis,
  hits: readonly Evidence[],
  floor: number,
  thresholds: Thresholds,
): Analysis {
  const signal = injectionSignal(hits);
  if (!signal) return analysis;
  const lifted = Math.max(analysis.scam_score, floor, thresholds.suspicious);
  const score = round4(clamp01(lifted));
  // When the guard alone moved the verdict, the engines' advice was written for a milder one.
  const recommendation =
    verdictFor(score, thresholds) === analysis.verdict
      ? analysis.recommendation
      : INJECTION_RECOMMENDATION;
  return {
    ...analysis,
    scam_score: score,
    verdict: verdictFor(score, thresholds),
    // Appended, not merged: its category is shared with the local model's signal (see
    // INJECTION_CATEGORY), and merging would drop one of two unrelated findings.
    signals: [...analysis.signals, signal],
    recommendation,
  };
}

/** Confidence-weighted blend of the local and Gemini analyses (before the injection guard). */
export function blend(local: Analysis, gemini: Analysis, thresholds: Thresholds): Analysis {
  const wl = Math.max(local.confidence, MIN_WEIGHT);
  const wg = Math.max(gemini.confidence, MIN_WEIGHT);
  const score = round4(clamp01((local.scam_score * wl + gemini.scam_score * wg) / (wl + wg)));
  const disagreement = Math.abs(local.scam_score - gemini.scam_score);
  const confidence = round4(
    clamp01(Math.max(local.confidence, gemini.confidence) * (1 - disagreement / 2)),
  );
  const leader = gemini.scam_score >= local.scam_score ? gemini : local;
  const follower = leader === gemini ? local : gemini;
  const summary = leader.transcript_summary ?? follower.transcript_summary;
  return {
    scam_score: score,
    confidence,
    verdict: verdictFor(score, thresholds),
    signals: mergeSignals(local.signals, gemini.signals),
    recommendation: leader.recommendation,
    ...(summary ? { transcript_summary: summary } : {}),
    engine: 'gemini',
  };
}

/**
 * How a stream's numbers are computed from whole-call rescoring. Pure: no runtime APIs.
 *
 * Each chunk's words are appended to the transcript and the WHOLE call so far is rescored
 * (CallShield scored chunks alone and averaged, so a scam spread over two chunks was missed).
 * - scam_score: the chunk's own words scored alone, as CallShield sends it (its clients draw
 *   it per chunk). Nothing of the call's verdict or alerts follows it.
 * - call_score: whole-call score after this chunk.
 * - max_score: highest call_score so far.
 * - cumulative_score = 0.6 × max_score + 0.4 × call_score: what the verdict and the alerts
 *   follow. A call that said "gift cards" once does not turn SAFE because the caller then
 *   chats for a minute.
 * - final combined_score = max(last cumulative_score, score of the final transcript): the
 *   final transcript (the full pass, scored by the text engine, Gemini included) can raise
 *   the verdict the user watched, never lower it.
 */

import type { Analysis, Signal } from '#core/schemas/report';
import type { StreamSignal } from '#core/schemas/stream-protocol';
import { reviewDecision } from '#core/scoring/index';
import { clamp01, round4, type Thresholds, verdictFor } from '#core/thresholds';

/** Weight of the call's peak in the running score; the current score gets the rest. */
export const PEAK_WEIGHT = 0.6;

/** The running score the verdict follows: PEAK_WEIGHT × max + (1 − PEAK_WEIGHT) × current. */
export function cumulativeScore(maxScore: number, scamScore: number): number {
  return round4(clamp01(PEAK_WEIGHT * maxScore + (1 - PEAK_WEIGHT) * scamScore));
}

/** The final combined score: the larger of the last running score and the final transcript's. */
export function finalCombinedScore(lastCumulative: number, finalTranscriptScore: number): number {
  return round4(clamp01(Math.max(lastCumulative, finalTranscriptScore)));
}

/** Signals of the whole call, one per category (the strongest), tagged with where each began. */
export function dedupeSignals(
  signals: Signal[],
  firstSeen: Map<string, number>,
  chunkIndex: number,
): StreamSignal[] {
  const rank = { low: 0, medium: 1, high: 2 } as const;
  const best = new Map<string, Signal>();
  for (const signal of signals) {
    const current = best.get(signal.category);
    if (!current || rank[signal.severity] > rank[current.severity])
      best.set(signal.category, signal);
  }
  return [...best.values()].map((s) => ({
    ...s,
    first_chunk: firstSeen.get(s.category) ?? chunkIndex,
  }));
}

/** The numbers of one chunk's result. */
export interface ChunkScores {
  scam_score: number;
  call_score: number;
  max_score: number;
  cumulative_score: number;
  score_delta: number;
  verdict: ReturnType<typeof verdictFor>;
  review_required: boolean;
}

/** Where the call stood after the previous chunk. */
export interface PreviousScores {
  callScore: number;
  maxScore: number;
}

/**
 * Scores after a chunk, given the whole-call analysis, the chunk's own score (its words
 * alone) and the previous chunk's numbers.
 */
export function chunkScores(
  call: Analysis,
  chunkScore: number,
  previous: PreviousScores,
  thresholds: Thresholds,
): ChunkScores {
  const callScore = round4(clamp01(call.scam_score));
  const max = round4(Math.max(previous.maxScore, callScore));
  const cumulative = cumulativeScore(max, callScore);
  const verdict = verdictFor(cumulative, thresholds);
  const review = reviewDecision({ ...call, scam_score: cumulative, verdict }, thresholds);
  return {
    scam_score: round4(clamp01(chunkScore)),
    call_score: callScore,
    max_score: max,
    cumulative_score: cumulative,
    score_delta: round4(Math.max(-1, Math.min(1, callScore - previous.callScore))),
    verdict,
    review_required: review.review_required,
  };
}

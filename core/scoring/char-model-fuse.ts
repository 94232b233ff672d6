/**
 * How the character n-gram model's probability joins the rules-and-n-gram score (v3): either
 * can warn. final = max(v3, g(p)), where g(p) = 0 below the model's `warnFrom` (chosen on
 * cross-validated out-of-fold probabilities) and above it rises linearly from the SUSPICIOUS
 * line to the LIKELY_SCAM line, so the model alone never says SCAM. An explicit
 * counter-signal (independent verification, a "we will never ask" line) keeps its say: with
 * one matched, the model does not lift the score. And the rules must have seen something
 * (v3 at RULES_FROM or more, as when the no-ask guard holds a caller's claim at 0.25): on
 * hand-written legitimate notices (a water-main break, a jury summons) the model, which has
 * only seen synthetic and task-oriented legitimate calls, is as sure as on scams. Pure.
 */
import type { Thresholds } from '../thresholds';

/** The score the model alone argues for (0 when it does not warn). */
/** Lowest v3 score at which the model may lift a call. */
export const RULES_FROM = 0.2;

export function charModelLift(
  v3Score: number,
  probability: number,
  warnFrom: number,
  counterRules: number,
  thresholds: Thresholds,
): number {
  if (counterRules > 0 || v3Score < RULES_FROM || probability < warnFrom || warnFrom >= 1) return 0;
  const t = (probability - warnFrom) / (1 - warnFrom);
  return thresholds.suspicious + t * (thresholds.likelyScam - thresholds.suspicious);
}

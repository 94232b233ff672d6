/**
 * Whether a human should review an analysis. Pure: no runtime-specific imports.
 */
import type { Analysis } from '../schemas/report';
import { clamp01, DEFAULT_THRESHOLDS, type Thresholds } from '../thresholds';

/** Below this confidence a verdict is not trusted without a human look. */
export const LOW_CONFIDENCE = 0.55;
// Scores this close under the SUSPICIOUS line are as doubtful as those just above it.
const BAND_BELOW = 0.05;

/** Review decision for an analysis; a plainly benign call is never flagged. */
export function reviewDecision(
  analysis: Analysis,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): { review_required: boolean; review_reason: string | null } {
  const score = clamp01(analysis.scam_score);
  const confidence = clamp01(analysis.confidence);
  if (score >= thresholds.suspicious - BAND_BELOW && score < thresholds.likelyScam) {
    return {
      review_required: true,
      review_reason: 'The score is in the ambiguous band around the suspicious threshold.',
    };
  }
  if (confidence < LOW_CONFIDENCE && score >= thresholds.suspicious / 2) {
    return {
      review_required: true,
      review_reason: 'The engine has low confidence in this verdict.',
    };
  }
  return { review_required: false, review_reason: null };
}

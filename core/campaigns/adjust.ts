/**
 * What a reviewer-confirmed campaign does to a scored transcript (docs/campaigns.md, "Campaigns
 * change the verdict"). Pure: the worker looks the campaign up (worker/services/campaign-match.ts)
 * and hands the match here, so the scoring functions stay pure and this rule has one home.
 *
 * - A campaign labelled `scam` adds KNOWN_SCAM_CAMPAIGN (high) and raises the score to at least
 *   the SUSPICIOUS line, or the LIKELY_SCAM line once the match is certain (CERTAIN_MATCH).
 * - A campaign labelled `legitimate` adds the counter-signal KNOWN_LEGITIMATE_CAMPAIGN and lowers
 *   the score by at most LEGITIMATE_MAX_DROP, never under LEGITIMATE_FLOOR_GAP below the
 *   SUSPICIOUS line, and not at all when the call asks for payment or remote access
 *   (HARD_ASKS): a scammer reading a pharmacy's script and adding a gift-card ask stays flagged.
 * - The verdict and recommendation are always re-derived from the adjusted score.
 */
import type { CAMPAIGN_LABELS } from '../schemas/campaigns';
import type { Analysis, Signal } from '../schemas/report';
import { rescored } from '../scoring/recommend';
import type { SignalCategoryName } from '../scoring/taxonomy';
import { DEFAULT_THRESHOLDS, round4, type Thresholds } from '../thresholds';

/**
 * Similarity at or above which a match is certain: a scam campaign then lifts the call to
 * LIKELY_SCAM. The campaign bench merged 0.04% of different-script pairs already at 0.30
 * (docs/campaigns.md); 0.5 is well past that, and past what two voices' pocketsphinx transcripts
 * of one script reach (1.8% of them even reach 0.30): a close rewording of the script's text.
 */
export const CERTAIN_MATCH = 0.5;
/** The most a legitimate campaign lowers a score. */
export const LEGITIMATE_MAX_DROP = 0.4;
/** A legitimate campaign lowers a score to no less than this much under the SUSPICIOUS line. */
export const LEGITIMATE_FLOOR_GAP = 0.01;
/** Asks that a legitimate campaign's script never excuses. */
export const HARD_ASKS: readonly SignalCategoryName[] = ['PAYMENT_DEMAND', 'REMOTE_ACCESS'];

/** A labelled campaign the transcript matched (at or above the join threshold). */
export interface LabelledCampaignMatch {
  campaign: string;
  label: (typeof CAMPAIGN_LABELS)[number];
  /** Estimated Jaccard similarity of the transcript's fingerprint to the campaign's. */
  similarity: number;
  /** The campaign's calls in the current UTC hour and the 23 before it. */
  callsToday: number;
}

/** `analysis` as the campaign it matched changes it; the same object when there is no match. */
export function adjustForCampaign(
  analysis: Analysis,
  match: LabelledCampaignMatch | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Analysis {
  if (!match) return analysis;
  const calls = `${match.callsToday} call${match.callsToday === 1 ? '' : 's'} today`;
  const similar = `similarity ${round4(match.similarity)}`;
  let score = analysis.scam_score;
  let signal: Signal;
  if (match.label === 'scam') {
    const floor = match.similarity >= CERTAIN_MATCH ? thresholds.likelyScam : thresholds.suspicious;
    score = Math.max(score, floor);
    signal = {
      category: 'KNOWN_SCAM_CAMPAIGN',
      detail: `Matches campaign ${match.campaign}: ${calls}, confirmed a scam by reviewers (${similar}).`,
      severity: 'high',
    };
  } else {
    const hardAsk = analysis.signals.some((s) => !s.counter && HARD_ASKS.includes(s.category));
    if (!hardAsk) {
      const floor = thresholds.suspicious - LEGITIMATE_FLOOR_GAP;
      score = Math.min(score, Math.max(floor, score - LEGITIMATE_MAX_DROP));
    }
    signal = {
      category: 'KNOWN_LEGITIMATE_CAMPAIGN',
      detail: `Matches campaign ${match.campaign}: ${calls}, confirmed legitimate by reviewers (${similar})${hardAsk ? '; not lowered, because the call asks for payment or remote access' : ''}.`,
      severity: 'medium',
      counter: true,
    };
  }
  return rescored(analysis, score, [signal], thresholds);
}

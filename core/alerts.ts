/**
 * Live call alerts: the levels of CallShield's table, and which of them a score has crossed.
 * Pure: every runtime (the CallSession pipeline, tests, tools) uses the same rule.
 *
 * A call raises each level once, the first time its running score reaches it: a call that
 * jumps from 0.1 to 0.9 raises `review`, `alert` and `hard_alert` together, in that order.
 */
import { assertValidThresholds, type Thresholds } from './thresholds';

/** The alert levels, mildest first. */
export const ALERT_LEVELS = ['review', 'alert', 'hard_alert'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** The lowest score at which each level is raised. */
export type AlertThresholds = Record<AlertLevel, number>;

/**
 * An organisation without levels of its own alerts where the verdicts change: SUSPICIOUS
 * (review), LIKELY_SCAM (alert) and SCAM (hard alert) — CallShield's 0.30 / 0.60 / 0.85 unless
 * `SCORE_THRESHOLDS` says otherwise. One source of truth for both tables.
 */
export function defaultAlertThresholds(t: Thresholds): AlertThresholds {
  return { review: t.suspicious, alert: t.likelyScam, hard_alert: t.scam };
}

/** Throws unless 0 < review < alert < hard_alert ≤ 1 (the rule the database checks too). */
export function assertValidAlertThresholds(levels: AlertThresholds): AlertThresholds {
  assertValidThresholds({
    suspicious: levels.review,
    likelyScam: levels.alert,
    scam: levels.hard_alert,
  });
  return levels;
}

/**
 * The levels `score` reaches that have not been raised yet, mildest first. Scores are compared
 * as reported (4 decimals), so a level of 0.6 is reached by a score of 0.6.
 */
export function levelsCrossed(
  score: number,
  levels: AlertThresholds,
  raised: ReadonlySet<AlertLevel>,
): AlertLevel[] {
  return ALERT_LEVELS.filter((level) => !raised.has(level) && score >= levels[level]);
}

/** Verdict badge and threshold handling shared by the live view and the reports. */
import type { Verdict } from '#core/schemas/report';
import type { ConnectedMessage } from '#core/schemas/stream-protocol';
import { assertValidThresholds, DEFAULT_THRESHOLDS as CORE_DEFAULTS } from '#core/thresholds';
import { h, humanize } from './dom';

/** Lower bounds of SUSPICIOUS, LIKELY_SCAM and SCAM, as the `connected` message names them. */
export type ScoreThresholds = ConnectedMessage['thresholds'];

/** The server's defaults (core/thresholds.ts), used until a stream says otherwise. */
export const DEFAULT_THRESHOLDS: Readonly<ScoreThresholds> = Object.freeze({
  suspicious: CORE_DEFAULTS.suspicious,
  likely_scam: CORE_DEFAULTS.likelyScam,
  scam: CORE_DEFAULTS.scam,
});

/**
 * The thresholds of a `connected` message, or the defaults when they break the server's own
 * rule (0 < suspicious < likely_scam < scam ≤ 1): crossed lines would mislabel the chart.
 */
export function readThresholds(value: ScoreThresholds): ScoreThresholds {
  try {
    assertValidThresholds({
      suspicious: value.suspicious,
      likelyScam: value.likely_scam,
      scam: value.scam,
    });
    return { ...value };
  } catch {
    return { ...DEFAULT_THRESHOLDS };
  }
}

/** A verdict badge element. */
export function verdictBadge(verdict: Verdict, testid?: string): HTMLSpanElement {
  return h(
    `span.badge.verdict-${verdict.toLowerCase()}`,
    { testid, 'data-verdict': verdict },
    humanize(verdict),
  );
}

/** Updates an existing badge in place (keeps its aria-live region intact). */
export function setVerdict(el: HTMLElement, verdict: Verdict): void {
  el.className = `badge verdict-${verdict.toLowerCase()}`;
  el.dataset.verdict = verdict;
  el.textContent = humanize(verdict);
}

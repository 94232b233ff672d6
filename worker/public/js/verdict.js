/** Verdict badge and threshold handling shared by the live view and the reports. */
import { h, humanize } from './dom.js';

/** CallShield's defaults, used until the server says otherwise. */
export const DEFAULT_THRESHOLDS = Object.freeze({ suspicious: 0.3, likely_scam: 0.6, scam: 0.85 });

/**
 * Reads `{suspicious, likely_scam, scam}` from a `connected` message, keeping the defaults for
 * anything missing or out of range.
 * @param {unknown} value
 * @returns {{suspicious: number, likely_scam: number, scam: number}}
 */
export function readThresholds(value) {
  const source = /** @type {any} */ (value ?? {});
  const pick = (n, fallback) => (typeof n === 'number' && n > 0 && n < 1 ? n : fallback);
  const suspicious = pick(source.suspicious, DEFAULT_THRESHOLDS.suspicious);
  const likely = pick(source.likely_scam ?? source.likelyScam, DEFAULT_THRESHOLDS.likely_scam);
  const scam = pick(source.scam, DEFAULT_THRESHOLDS.scam);
  // Out-of-order numbers would draw crossed lines; fall back rather than mislabel the chart.
  if (!(suspicious < likely && likely < scam)) return { ...DEFAULT_THRESHOLDS };
  return { suspicious, likely_scam: likely, scam };
}

/**
 * A verdict badge element.
 * @param {string} verdict
 * @param {string} [testid]
 */
export function verdictBadge(verdict, testid) {
  return h(
    `span.badge.verdict-${String(verdict).toLowerCase()}`,
    { testid, 'data-verdict': verdict },
    humanize(verdict),
  );
}

/**
 * Updates an existing badge in place (keeps its aria-live region intact).
 * @param {HTMLElement} el
 * @param {string} verdict
 */
export function setVerdict(el, verdict) {
  el.className = `badge verdict-${String(verdict).toLowerCase()}`;
  el.dataset.verdict = verdict;
  el.textContent = humanize(verdict);
}

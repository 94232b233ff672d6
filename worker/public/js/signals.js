/** Signal list: what was found, how strong, and the words that show it. */
import { h, humanize } from './dom.js';

/**
 * A stable identity for a signal across partial results.
 * @param {{category: string, evidence?: {text: string}}} signal
 */
export function signalKey(signal) {
  return `${signal.category}|${signal.evidence?.text ?? ''}`;
}

/** Severities, strongest first (signals sort by it). */
const RANK = { high: 0, medium: 1, low: 2 };

/**
 * The signal that says most about a scam: the most severe that is not a counter-signal.
 * @param {any[]} signals
 */
export function strongestSignal(signals) {
  return [...(signals ?? [])]
    .filter((s) => !s.counter)
    .sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3))[0];
}

/**
 * Renders signals, strongest first, counter-signals last.
 * @param {any[]} signals
 * @param {{fresh?: Set<string>, testid?: string}} [options] `fresh`: keys to highlight as new
 * @returns {HTMLElement}
 */
export function renderSignals(signals, options = {}) {
  if (!signals?.length) {
    return h('p.muted', { testid: options.testid }, 'No signals found.');
  }
  const sorted = [...signals].sort(
    (a, b) =>
      Number(!!a.counter) - Number(!!b.counter) ||
      (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3),
  );
  return h(
    'ul.signals',
    { testid: options.testid },
    sorted.map((signal) => {
      const fresh = options.fresh?.has(signalKey(signal));
      return h(
        `li.signal${signal.counter ? '.counter' : ''}${fresh ? '.is-new' : ''}`,
        { testid: 'signal', 'data-category': signal.category },
        h(
          'div.signal-head',
          null,
          h(`span.severity.severity-${signal.severity}`, null, signal.severity),
          h('strong', null, humanize(signal.category)),
          signal.counter ? h('span.tag', null, 'lowers score') : null,
          fresh ? h('span.tag.tag-new', null, 'new') : null,
        ),
        h('p.signal-detail', null, signal.detail),
        signal.evidence?.text ? h('blockquote.evidence', null, `“${signal.evidence.text}”`) : null,
      );
    }),
  );
}

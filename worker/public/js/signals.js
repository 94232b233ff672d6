/** Signal lists: what was found, how strong, and the words that show it. */
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
 * One list of signals, strongest first.
 * @param {any[]} signals
 * @param {{fresh?: Set<string>, testid?: string, reassuring?: boolean}} options
 */
function signalList(signals, options) {
  const sorted = [...signals].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3));
  return h(
    'ul.signals',
    { testid: options.testid },
    sorted.map((signal) => {
      const fresh = options.fresh?.has(signalKey(signal));
      return h(
        `li.signal${options.reassuring ? '.counter' : ''}${fresh ? '.is-new' : ''}`,
        {
          testid: options.reassuring ? 'counter-signal' : 'signal',
          'data-category': signal.category,
        },
        h(
          'div.signal-head',
          null,
          options.reassuring
            ? h('span.tag', null, 'reassuring')
            : h(`span.severity.severity-${signal.severity}`, null, signal.severity),
          h('strong', null, humanize(signal.category)),
          options.reassuring ? h('span.muted', null, 'lowers the score') : null,
          fresh ? h('span.tag.tag-new', null, 'new') : null,
        ),
        h('p.signal-detail', null, signal.detail),
        signal.evidence?.text ? h('blockquote.evidence', null, `“${signal.evidence.text}”`) : null,
      );
    }),
  );
}

/**
 * The evidence of a result: its scam signals, then the reassuring evidence (counter-signals,
 * which the server sends apart, in `counter_signals`) under its own heading. CallShield's
 * per-chunk SILENCE marker is not evidence: the chunk log says which chunks were silent.
 * @param {{signals?: any[], counter_signals?: any[]}} result
 * @param {{fresh?: Set<string>, testid?: string}} [options] `fresh`: keys to highlight as new
 * @returns {HTMLElement}
 */
export function renderEvidence(result, options = {}) {
  // Older servers sent counter-signals inside `signals`, marked `counter`.
  const all = (result.signals ?? []).filter((s) => s.category !== 'SILENCE');
  const threats = all.filter((s) => !s.counter);
  const reassuring = [...(result.counter_signals ?? []), ...all.filter((s) => s.counter)];
  return h(
    'div.evidence-lists',
    { testid: options.testid },
    threats.length
      ? signalList(threats, { fresh: options.fresh })
      : h('p.muted', null, 'No scam signals found.'),
    reassuring.length
      ? [
          h('h4.reassuring-title', null, 'Reassuring evidence'),
          signalList(reassuring, {
            fresh: options.fresh,
            reassuring: true,
            testid: 'counter-signals',
          }),
        ]
      : null,
  );
}

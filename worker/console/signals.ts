/** Signal lists: what was found, how strong, and the words that show it. */
import type { Signal } from '#core/schemas/report';
import { h, humanize } from './dom';

/** A stable identity for a signal across partial results. */
export function signalKey(signal: Signal): string {
  return `${signal.category}|${signal.evidence?.text ?? ''}`;
}

/** Severities, strongest first (signals sort by it). */
const RANK: Record<Signal['severity'], number> = { high: 0, medium: 1, low: 2 };

const bySeverity = (a: Signal, b: Signal) => RANK[a.severity] - RANK[b.severity];

/** The signal that says most about a scam: the most severe that is not a counter-signal. */
export function strongestSignal(signals: readonly Signal[]): Signal | undefined {
  return signals.filter((s) => !s.counter).sort(bySeverity)[0];
}

interface ListOptions {
  /** Keys (signalKey) to mark as new. */
  fresh?: ReadonlySet<string>;
  testid?: string;
  reassuring?: boolean;
}

/** One list of signals, strongest first. */
function signalList(signals: readonly Signal[], options: ListOptions): HTMLElement {
  const sorted = [...signals].sort(bySeverity);
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

/** Anything that carries evidence: a report's analysis, a partial or final result, an alert. */
export interface Evidence {
  signals: readonly Signal[];
  counter_signals?: readonly Signal[];
}

/**
 * The evidence of a result: its scam signals, then the reassuring evidence (counter-signals,
 * which the server sends apart, in `counter_signals`) under its own heading. CallShield's
 * per-chunk SILENCE marker is not evidence: the chunk log says which chunks were silent.
 * @param options `fresh`: keys to highlight as new
 */
export function renderEvidence(
  result: Evidence,
  options: { fresh?: ReadonlySet<string>; testid?: string } = {},
): HTMLElement {
  // `counter` marks a counter-signal inside `signals` (how an engine reports them).
  const all = result.signals.filter((s) => s.category !== 'SILENCE');
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

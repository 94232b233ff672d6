/**
 * Cross-validated figures printed by `npm run train`, so every training choice is backed by
 * numbers measured on rows the model did not learn from.
 */
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import type { LabelledRow } from './dataset';
import { metricsBySource, type Outcome, formatRate as pct } from './metrics';
import type { TrainText } from './train-data';

const sig = (z: number): number => 1 / (1 + Math.exp(-z));

/** Prints recall/FPR per source for rules, model and fused scores (whole calls and 100-word openings). */
export function printCvFigures(
  rows: readonly LabelledRow[],
  texts: readonly TrainText[],
  rule: readonly number[],
  model: readonly number[],
  term: readonly number[],
  fusion: { bias: number; rules: number; model: number },
): void {
  const cut = DEFAULT_THRESHOLDS.suspicious;
  const variants: Record<string, (i: number) => number> = {
    rules: (i) => sig(rule[i]!),
    model: (i) => sig(model[i]!),
    fused: (i) => sig(fusion.bias + fusion.rules * rule[i]! + fusion.model * term[i]!),
  };
  const whole = new Set<number>();
  const opening = new Set<number>();
  const seen = new Set<number>();
  texts.forEach((t, i) => {
    if (!seen.has(t.rowIndex)) {
      seen.add(t.rowIndex);
      whole.add(i);
    }
    if (t.text.split(' ').length === 100) opening.add(i);
  });
  for (const [part, set] of [
    ['whole', whole],
    ['first 100 words', opening],
  ] as const) {
    for (const [name, score] of Object.entries(variants)) {
      const outcomes: Outcome[] = [...set].map((i) => {
        const row = rows[texts[i]!.rowIndex]!;
        return {
          source: row.source,
          actualScam: row.label === 'scam',
          predictedScam: score(i) >= cut,
        };
      });
      const m = metricsBySource(outcomes);
      const per = Object.entries(m.by_source)
        .map(([s, f]) => `${s} R=${pct(f.recall)} FPR=${pct(f.fpr)}`)
        .join(' | ');
      console.log(
        `[cv ${part}] ${name.padEnd(5)} overall R=${pct(m.overall.recall)} FPR=${pct(m.overall.fpr)} :: ${per}`,
      );
    }
  }
}

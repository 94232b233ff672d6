/**
 * Ours beside the plain baseline, per source, for the whole call and its openings: the table
 * every `npm run eval` ends with, so a change is always read against the floor. No I/O.
 */
import type { Analysis } from '#core/schemas/report';
import { type Thresholds, verdictFor } from '#core/thresholds';
import { BASELINE, baselineScorer } from './baseline/index';
import type { LabelledRow } from './dataset';
import type { EvalResult, Figures } from './eval-report';
import { formatRate, type Metrics } from './metrics';

/** The baseline flags a call at probability ≥ 0.5; its other lines only order the verdicts. */
export const BASELINE_THRESHOLDS: Thresholds = {
  suspicious: BASELINE.cut,
  likelyScam: 0.75,
  scam: 0.9,
};

/** The baseline trained on `train` as an eval scorer (its probability is the score). */
export function baselineEngine(train: readonly LabelledRow[]): (t: string) => Analysis {
  const probability = baselineScorer(train);
  return (t) => {
    const score = probability(t);
    return {
      scam_score: score,
      confidence: Math.abs(score - 0.5) * 2,
      verdict: verdictFor(score, BASELINE_THRESHOLDS),
      signals: [],
      recommendation: '',
    };
  };
}

/** The prefix lengths shown side by side, beside the whole call. */
export const COMPARE_WORDS = ['25', '50', '100'] as const;

const cell = (x: number | null): string => formatRate(x).padStart(7);

function block(title: string, ours: Figures, base: Figures): string {
  const head = `${'source'.padEnd(18)}${'n'.padStart(6)}  recall: ours   base    fpr: ours   base`;
  const line = (name: string, a: Metrics, b: Metrics | undefined) =>
    `${name.padEnd(18)}${String(a.n).padStart(6)}        ${cell(a.recall)}${cell(b?.recall ?? null)}       ${cell(a.fpr)}${cell(b?.fpr ?? null)}`;
  const rows = Object.entries(ours.by_source).map(([s, m]) => line(s, m, base.by_source[s]));
  return [title, head, ...rows, line('OVERALL', ours.overall, base.overall)].join('\n');
}

/** Side-by-side text: whole call, then each opening length. */
export function renderComparison(ours: EvalResult, base: EvalResult): string {
  const parts = [
    `\n== ${ours.engine} vs baseline (flagged = ours: verdict != SAFE; baseline: p >= ${BASELINE.cut})`,
    block('-- whole call', ours, base),
  ];
  for (const n of COMPARE_WORDS) {
    const a = ours.early[n];
    const b = base.early[n];
    if (a && b) parts.push(block(`-- first ${n} words`, a, b));
  }
  return parts.join('\n');
}

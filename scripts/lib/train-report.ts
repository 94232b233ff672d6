/**
 * Figures printed by `npm run train`, so every training choice is backed by numbers measured
 * on rows the model did not learn from: 5-fold cross-validation (rows of seen sources) and
 * leave-one-source-out (a source never seen), each with a reliability table.
 */
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { reliability, renderReliability } from './calibration';
import type { LabelledRow } from './dataset';
import type { LosoSet } from './loso';
import { OPENING_WORDS } from './loso';
import { metricsBySource, type Outcome, formatRate as pct } from './metrics';
import type { TrainText } from './train-data';

const CUT = DEFAULT_THRESHOLDS.suspicious;

/** Recall and FPR per source at the SUSPICIOUS cut, on one line. */
function line(
  label: string,
  rows: readonly LabelledRow[],
  scores: readonly number[],
  cut = CUT,
): string {
  const outcomes: Outcome[] = rows.map((r, i) => ({
    source: r.source,
    actualScam: r.label === 'scam',
    predictedScam: scores[i]! >= cut,
  }));
  const m = metricsBySource(outcomes);
  const per = Object.entries(m.by_source)
    .map(([s, f]) => `${s} R=${pct(f.recall)} FPR=${pct(f.fpr)}`)
    .join(' | ');
  return `${label} overall R=${pct(m.overall.recall)} FPR=${pct(m.overall.fpr)} :: ${per}`;
}

/**
 * Cross-validated recall/FPR per source for rules, model and the engine's fused score (whole
 * calls and 100-word openings), and the fused score's reliability table on whole calls.
 * Each array is indexed like `texts`.
 */
export function printCvFigures(
  rows: readonly LabelledRow[],
  texts: readonly TrainText[],
  variants: Readonly<Record<string, readonly number[]>>,
): void {
  const whole: number[] = [];
  const opening: number[] = [];
  const seen = new Set<number>();
  texts.forEach((t, i) => {
    if (!seen.has(t.rowIndex)) {
      seen.add(t.rowIndex);
      whole.push(i);
    }
    if (t.text.split(' ').length === OPENING_WORDS) opening.push(i);
  });
  for (const [part, set] of [
    ['whole', whole],
    [`first ${OPENING_WORDS} words`, opening],
  ] as const) {
    const partRows = set.map((i) => rows[texts[i]!.rowIndex]!);
    for (const [name, scores] of Object.entries(variants)) {
      const label = `[cv ${part}] ${name.padEnd(5)}`;
      console.log(
        line(
          label,
          partRows,
          set.map((i) => scores[i]!),
        ),
      );
    }
  }
  const fused = variants.fused;
  if (fused) {
    const table = reliability(
      whole.map((i) => fused[i]!),
      whole.map((i) => rows[texts[i]!.rowIndex]!.label === 'scam'),
    );
    console.log(`\n${renderReliability('[cv whole] fused: reliability', table)}`);
  }
}

/**
 * Leave-one-source-out figures: per group, recall/FPR of whole calls and openings at the
 * SUSPICIOUS and LIKELY_SCAM cuts; then one reliability table over every group's rows, each
 * scored by the model that never saw its source, and one per group.
 */
export function printLosoFigures(sets: readonly LosoSet[]): void {
  console.log('\n== leave one source out: trained without the group, tested on its rows');
  for (const s of sets) {
    const tag = `[loso ${s.group}] n=${s.rows.length}`;
    console.log(line(`${tag} whole              `, s.rows, s.whole));
    console.log(line(`${tag} whole, LIKELY_SCAM `, s.rows, s.whole, DEFAULT_THRESHOLDS.likelyScam));
    console.log(line(`${tag} first ${OPENING_WORDS} words   `, s.rows, s.opening));
  }
  const all = sets.flatMap((s) => s.whole);
  const labels = sets.flatMap((s) => s.rows.map((r) => r.label === 'scam'));
  console.log(`\n${renderReliability('[loso] pooled: reliability', reliability(all, labels))}`);
  for (const s of sets) {
    const table = reliability(
      s.whole,
      s.rows.map((r) => r.label === 'scam'),
    );
    console.log(`\n${renderReliability(`[loso ${s.group}]: reliability`, table)}`);
  }
}

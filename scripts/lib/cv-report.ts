/**
 * Text tables for `npm run cv`: each learner's recall and false-positive rate per source and
 * part of the call, leave-one-source-out, and reliability bins. No I/O.
 */
import { reliability, renderReliability } from './calibration';
import { CV_PARTS, type CvPart, type CvScores, type Learner, type LeftOut } from './cv';
import type { LabelledRow } from './dataset';
import { formatRate, type Metrics, metricsBySource } from './metrics';

/** Figures of one learner on one part: overall and per source. */
export function figuresOf(
  rows: readonly LabelledRow[],
  scores: readonly number[],
  cut: number,
): { overall: Metrics; by_source: Record<string, Metrics> } {
  return metricsBySource(
    rows.map((r, i) => ({
      source: r.source,
      actualScam: r.label === 'scam',
      predictedScam: scores[i]! >= cut,
    })),
  );
}

const cell = (x: number | null | undefined): string => formatRate(x ?? null).padStart(7);
const partName = (p: CvPart) => (p === 'whole' ? 'whole call' : `first ${p} words`);

/** Recall and FPR per source for every learner, one block per part. */
export function renderCvTable(
  title: string,
  rows: readonly LabelledRow[],
  scores: CvScores,
  learners: readonly Learner[],
): string {
  const names = learners.map((l) => l.name);
  const head = `${'source'.padEnd(18)}${'n'.padStart(6)}  recall:${names.map((n) => n.padStart(9)).join('')}   fpr:${names.map((n) => n.padStart(9)).join('')}`;
  const parts = [title];
  for (const p of CV_PARTS) {
    const figs = learners.map((l) => figuresOf(rows, scores[l.name]![p], l.cut));
    const line = (name: string, pick: (f: (typeof figs)[number]) => Metrics | undefined) => {
      const ms = figs.map(pick);
      return `${name.padEnd(18)}${String(ms[0]?.n ?? 0).padStart(6)}         ${ms.map((m) => cell(m?.recall).padStart(9)).join('')}       ${ms.map((m) => cell(m?.fpr).padStart(9)).join('')}`;
    };
    parts.push(`-- ${partName(p)}`, head);
    for (const s of Object.keys(figs[0]!.by_source)) parts.push(line(s, (f) => f.by_source[s]));
    parts.push(line('OVERALL', (f) => f.overall));
  }
  return parts.join('\n');
}

/** Leave-one-source-out: per left-out group, recall (or FPR for a safe-only group) per part. */
export function renderLoso(sets: readonly LeftOut[], learners: readonly Learner[]): string {
  const head = `${'left out'.padEnd(18)}${'n'.padStart(6)}  ${'rate'.padEnd(7)}${CV_PARTS.flatMap((p) => learners.map((l) => `${p}:${l.name}`.padStart(15))).join('')}`;
  const lines = sets.map((s) => {
    const scams = s.rows.filter((r) => r.label === 'scam').length;
    const rate = scams > 0 ? 'recall' : 'fpr';
    const cells = CV_PARTS.flatMap((p) =>
      learners.map((l) => {
        const m = figuresOf(s.rows, s.scores[l.name]![p], l.cut).overall;
        return cell(rate === 'recall' ? m.recall : m.fpr).padStart(15);
      }),
    );
    return `${s.group.padEnd(18)}${String(s.rows.length).padStart(6)}  ${rate.padEnd(7)}${cells.join('')}`;
  });
  return [
    '\n== leave one source out (trained without it; its rows of every file)',
    head,
    ...lines,
  ].join('\n');
}

/** Reliability bins of a learner's held-out scores: whole calls, and all parts pooled. */
export function renderBins(
  rows: readonly LabelledRow[],
  scores: CvScores,
  learner: Learner,
): string {
  const s = scores[learner.name]!;
  const isScam = rows.map((r) => r.label === 'scam');
  const pooledScores = CV_PARTS.flatMap((p) => s[p]);
  const pooledLabels = CV_PARTS.flatMap(() => isScam);
  return [
    renderReliability(
      `\n== ${learner.name}: reliability, whole calls (held-out)`,
      reliability(s.whole, isScam),
    ),
    renderReliability(
      `\n== ${learner.name}: reliability, whole calls and 25/50/100-word openings pooled (held-out)`,
      reliability(pooledScores, pooledLabels),
    ),
  ].join('\n');
}

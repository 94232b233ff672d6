/**
 * Source-stratified k-fold cross-validation and leave-one-source-out for any learner: every
 * learned part is retrained per fold on that fold's training rows only, then scores the
 * held-out rows whole and cut to their first 25/50/100 words. No I/O.
 */
import { firstWords, type LabelledRow } from './dataset';
import { foldOf } from './train-data';

/** Something trainable: rows in, a scorer of raw text out, flagged at `cut`. */
export interface Learner {
  name: string;
  cut: number;
  train(rows: readonly LabelledRow[]): (text: string) => number;
}

/** Parts of a call each held-out row is scored on: the whole call and its first 25/50/100 words. */
export const CV_PARTS = ['whole', '25', '50', '100'] as const;
export type CvPart = (typeof CV_PARTS)[number];

/** The text of one part of a call. */
export function partOf(text: string, part: CvPart): string {
  return part === 'whole' ? text : firstWords(text, Number(part));
}

/**
 * Folds stratified by source and label: each (source, label) group is ordered by a hash of its
 * ids and dealt round-robin, so every fold holds its share of every source, and a row's fold
 * never depends on file order.
 */
export function stratifiedFolds(rows: readonly LabelledRow[], k: number): number[] {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r.source}/${r.label}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const fold = new Array<number>(rows.length).fill(0);
  for (const members of groups.values()) {
    const ordered = members
      .map((i) => [foldOf(rows[i]!.id, 1_000_003), i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    ordered.forEach(([, i], j) => {
      fold[i] = j % k;
    });
  }
  return fold;
}

/** Held-out scores of every row, per part, per learner (indexed like the rows). */
export type CvScores = Record<string, { [P in CvPart]: number[] }>;

/** Scores each row with every learner trained on the other folds. */
export function crossValidate(
  rows: readonly LabelledRow[],
  learners: readonly Learner[],
  k: number,
  onFold: (fold: number) => void = () => {},
): CvScores {
  const folds = stratifiedFolds(rows, k);
  const out: CvScores = {};
  for (const l of learners)
    out[l.name] = Object.fromEntries(
      CV_PARTS.map((p) => [p, new Array<number>(rows.length).fill(0)]),
    ) as { [P in CvPart]: number[] };
  for (let f = 0; f < k; f++) {
    onFold(f);
    const train = rows.filter((_, i) => folds[i] !== f);
    for (const l of learners) {
      const score = l.train(train);
      rows.forEach((r, i) => {
        if (folds[i] !== f) return;
        const mine = out[l.name]!;
        for (const p of CV_PARTS) mine[p][i] = score(partOf(r.transcript, p));
      });
    }
  }
  return out;
}

/** One left-out group: its rows and each learner's scores for them per part. */
export interface LeftOut {
  group: string;
  rows: LabelledRow[];
  scores: CvScores;
}

/** For each group: train without its sources, score its rows (of `rows` and `extra`). */
export function leaveGroupsOut(
  rows: readonly LabelledRow[],
  extra: readonly LabelledRow[],
  learners: readonly Learner[],
  groups: Readonly<Record<string, readonly string[]>>,
): LeftOut[] {
  const out: LeftOut[] = [];
  for (const [group, sources] of Object.entries(groups)) {
    const left = new Set(sources);
    const train = rows.filter((r) => !left.has(r.source));
    const held = [...rows, ...extra].filter((r) => left.has(r.source));
    if (held.length === 0 || train.length === rows.length) continue;
    const scores: CvScores = {};
    for (const l of learners) {
      const score = l.train(train);
      scores[l.name] = Object.fromEntries(
        CV_PARTS.map((p) => [p, held.map((r) => score(partOf(r.transcript, p)))]),
      ) as { [P in CvPart]: number[] };
    }
    out.push({ group, rows: held, scores });
  }
  return out;
}

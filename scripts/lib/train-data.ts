/**
 * Labelled rows → training examples for the n-gram model. No I/O.
 */
import { extractNgrams, featureValue } from '#core/scoring/features';
import type { LabelledRow } from './dataset';
import type { Example } from './logreg';

/** Prefix lengths (in words) added as extra examples so the model also judges a call early. */
export const PREFIX_WORDS = [25, 50, 100] as const;

/** One text to learn from: a whole transcript or one of its openings. */
export interface TrainText {
  rowIndex: number;
  text: string;
  label: 0 | 1;
  weight: number;
}

/**
 * Whole transcripts plus their 25/50/100-word openings. Each (source, label) group is weighted
 * by 1/sqrt(group size): small real-call sources count for more than their row count, without
 * letting 28 robocalls outweigh 1,280 synthetic calls (which full balancing would do).
 */
export function trainingTexts(rows: readonly LabelledRow[]): TrainText[] {
  const groups = new Map<string, number>();
  for (const r of rows)
    groups.set(`${r.source}/${r.label}`, (groups.get(`${r.source}/${r.label}`) ?? 0) + 1);
  const raw = rows.map((r) => 1 / Math.sqrt(groups.get(`${r.source}/${r.label}`) ?? 1));
  const scale = rows.length / raw.reduce((a, b) => a + b, 0);
  const out: TrainText[] = [];
  rows.forEach((r, rowIndex) => {
    const label = r.label === 'scam' ? 1 : 0;
    const weight = raw[rowIndex]! * scale;
    out.push({ rowIndex, text: r.transcript, label, weight });
    const words = r.transcript.trim().split(/\s+/);
    for (const n of PREFIX_WORDS) {
      if (words.length > n)
        out.push({ rowIndex, text: words.slice(0, n).join(' '), label, weight });
    }
  });
  return out;
}

/** N-grams seen in at least `minDocs` whole transcripts, sorted for a stable index. */
export function buildVocabulary(rows: readonly LabelledRow[], minDocs: number): string[] {
  const df = new Map<string, number>();
  for (const r of rows)
    for (const g of extractNgrams(r.transcript)) df.set(g.gram, (df.get(g.gram) ?? 0) + 1);
  return [...df.entries()]
    .filter(([, n]) => n >= minDocs)
    .map(([g]) => g)
    .sort();
}

/** Texts → sparse examples over the vocabulary (unknown n-grams still count in the scaling). */
export function toExamples(
  texts: readonly TrainText[],
  index: ReadonlyMap<string, number>,
): Example[] {
  return texts.map((t) => ({ ...featuresOf(t.text, index), label: t.label, weight: t.weight }));
}

/** The model's features of one text over the vocabulary, as {@link toExamples} builds them. */
export function featuresOf(
  text: string,
  index: ReadonlyMap<string, number>,
): Pick<Example, 'features' | 'value'> {
  const grams = extractNgrams(text);
  const ids: number[] = [];
  for (const g of grams) {
    const id = index.get(g.gram);
    if (id !== undefined) ids.push(id);
  }
  return { features: Uint32Array.from(ids), value: featureValue(grams.length) };
}

/** Deterministic fold of a row id (FNV-1a), so cross-validation never depends on row order. */
export function foldOf(id: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % folds;
}

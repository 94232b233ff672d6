/**
 * Trains the engine's character n-gram model (core/scoring/char-model.ts): every row whole
 * and its first 25/50/100 words as extra rows (so openings are learned, not only whole calls),
 * logistic regression with the baseline's settings (C = 4, balanced class weights), then
 * pruned (weights under PRUNE_BELOW dropped) and int8-quantised. The fusion it ships with is
 * fitted separately (char-fusion-fit.ts). Deterministic. No I/O.
 */
import {
  CHAR_MODEL_BITS,
  CHAR_MODEL_DIM,
  type CharModel,
  type CharModelFile,
  charFeatures,
  loadCharModel,
} from '#core/scoring/char-model';
import type { CharFusion } from '#core/scoring/char-model-fuse';
import { balancedWeights, fitLogisticL2 } from './baseline/lbfgs';
import { firstWords, type LabelledRow, WRITTEN_SOURCE } from './dataset';

export type FeatureCache = Map<string, { cols: Int32Array; vals: Float64Array }>;

/** Settings of the shipped model. */
export const CHAR_TRAIN = {
  c: 4,
  prefixes: [25, 50, 100],
  pruneBelow: 0.05,
  /**
   * Per-source row weights: the written calls (scripts/data/) are few beside thousands of
   * synthetic ones, and they are the only legitimate calls that name real companies.
   */
  sourceWeights: { written: 3 } as Readonly<Record<string, number>>,
  /**
   * Weight of the first 25 or 50 words of a written scam: most were written to open exactly like
   * a legitimate call of the same organisation and turn later, so their openings carry a label
   * their words do not (the whole call and its first 100 words keep theirs).
   */
  pairedOpeningWeight: 0.2,
} as const;

/** How much the first `words` words of a row count, relative to the whole call. */
export function openingWeight(row: LabelledRow, words: number): number {
  return row.source === WRITTEN_SOURCE && row.label === 'scam' && words <= 50
    ? CHAR_TRAIN.pairedOpeningWeight
    : 1;
}

/** How much one row of a source counts, relative to the rest (1 where not listed). */
function sourceWeight(source: string, weights: Readonly<Record<string, number>>): number {
  return weights[source] ?? 1;
}

/** The rows a model learns from: each call whole and its distinct first-N-word prefixes. */
function expand(
  rows: readonly LabelledRow[],
  weights: Readonly<Record<string, number>>,
): { text: string; label: 0 | 1; weight: number }[] {
  const out: { text: string; label: 0 | 1; weight: number }[] = [];
  for (const r of rows) {
    const label = r.label === 'scam' ? 1 : 0;
    const weight = sourceWeight(r.source, weights);
    out.push({ text: r.transcript, label, weight });
    const words = r.transcript.trim().split(/\s+/).length;
    for (const n of CHAR_TRAIN.prefixes)
      if (words > n)
        out.push({
          text: firstWords(r.transcript, n),
          label,
          weight: weight * openingWeight(r, n),
        });
  }
  return out;
}

/** Trains, prunes and quantises; returns the weights file. */
export function trainCharModelFile(
  rows: readonly LabelledRow[],
  fusion: CharFusion,
  featureCache?: FeatureCache,
  weights: Readonly<Record<string, number>> = CHAR_TRAIN.sourceWeights,
): CharModelFile {
  const ex = expand(rows, weights);
  const feats = ex.map((e) => {
    let f = featureCache?.get(e.text);
    if (!f) {
      f = charFeatures(e.text);
      featureCache?.set(e.text, f);
    }
    return f;
  });
  const labels = ex.map((e) => e.label);
  const balanced = balancedWeights(labels);
  const sampleWeights = balanced.map((w, i) => w * ex[i]!.weight);
  const lin = fitLogisticL2(feats, labels, sampleWeights, CHAR_MODEL_DIM, {
    c: CHAR_TRAIN.c,
    maxIterations: 150,
  });
  let max = 0;
  for (const w of lin.weights)
    if (Math.abs(w) >= CHAR_TRAIN.pruneBelow) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const idx: number[] = [];
  const q: number[] = [];
  let prev = 0;
  lin.weights.forEach((w, id) => {
    if (Math.abs(w) < CHAR_TRAIN.pruneBelow) return;
    const v = Math.round(w / scale);
    if (v === 0) return;
    idx.push(id - prev);
    q.push(v);
    prev = id;
  });
  return {
    bits: CHAR_MODEL_BITS,
    bias: Math.round(lin.bias * 1e4) / 1e4,
    scale: Number(scale.toPrecision(6)),
    idx,
    q,
    fusion,
  };
}

/** Trains and loads a model in one step (cross-validation). */
export function trainCharModel(
  rows: readonly LabelledRow[],
  fusion: CharFusion,
  cache?: FeatureCache,
  weights?: Readonly<Record<string, number>>,
): CharModel {
  return loadCharModel(trainCharModelFile(rows, fusion, cache, weights));
}

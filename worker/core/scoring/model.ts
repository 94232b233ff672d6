/**
 * The n-gram language model: logistic regression over word uni- and bigrams, trained by
 * `npm run train` and shipped as `model-weights.json` (bundled by a static import, so no file
 * system or network is needed at run time). Pure: no runtime-specific imports.
 */
import { extractNgrams, featureValue, type NgramSpan } from './features';
import weightsFile from './model-weights.json';

/** Shape of `model-weights.json`. Grams and values are parallel arrays to keep the file small. */
export interface ModelWeights {
  format: string;
  bias: number;
  fusion: { bias: number; rules: number; model: number };
  grams: string[];
  values: number[];
}

/** Output of the model for one text. */
export interface ModelResult {
  logit: number;
  /** The n-gram that pushed hardest towards "scam", or null when none did. */
  top: (NgramSpan & { contribution: number }) | null;
}

/** The weights file as shipped (exported so tests can check it). */
export const MODEL_WEIGHTS: ModelWeights = weightsFile;

// Built once at module load: lookups per n-gram are then O(1).
const TABLE = new Map<string, number>();
MODEL_WEIGHTS.grams.forEach((g, i) => {
  TABLE.set(g, MODEL_WEIGHTS.values[i] ?? 0);
});

/** The model's log-odds that `text` is a scam, and its strongest scam n-gram. */
export function modelScore(text: string): ModelResult {
  const grams = extractNgrams(text);
  const value = featureValue(grams.length);
  let logit = MODEL_WEIGHTS.bias;
  let top: ModelResult['top'] = null;
  for (const g of grams) {
    const w = TABLE.get(g.gram);
    if (w === undefined) continue;
    const contribution = w * value;
    logit += contribution;
    if (contribution > 0 && (top === null || contribution > top.contribution)) {
      top = { ...g, contribution };
    }
  }
  return { logit, top };
}

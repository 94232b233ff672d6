/**
 * The n-gram language model: logistic regression over word uni- and bigrams, trained by
 * `npm run train` and shipped as `model-weights.json` (bundled by a static import, so no file
 * system or network is needed at run time). Pure: no runtime-specific imports.
 */
import { featureValue, type NgramSpan } from './features';
import weightsFile from './model-weights.json';
import { NgramScanner } from './ngram-scanner';

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
  /**
   * The log-odds the text's n-grams add to the model's bias: what the words say, as opposed
   * to the training data's base rate. A text whose words the model has never seen has none.
   */
  evidence: number;
  /** The n-gram that pushed hardest towards "scam", or null when none did. */
  top: (NgramSpan & { contribution: number }) | null;
}

/** The weights file as shipped (exported so tests can check it). */
export const MODEL_WEIGHTS: ModelWeights = weightsFile;

// Built once at module load. Every word of the weights gets a fixed id, so a unigram's weight
// is an array slot and a bigram's a Map entry keyed by a number, and scoring a text never
// builds a string per n-gram. Later grams win on duplicates, as a Map of strings would.
const split = MODEL_WEIGHTS.grams.map((g) => g.split(' '));
const vocabulary = [...new Set(split.flat())];
const scanner = new NgramScanner(vocabulary);
// Vocabulary words get ids 0…WORDS-1; other ids (stop words, unseen words) have no weight.
const WORDS = vocabulary.length;
const idOf = (word: string) => scanner.table.idOf(word);
const UNIGRAM = new Int32Array(WORDS).fill(-1);
const BIGRAM = new Map<number, number>();
const VALUES = Float64Array.from(MODEL_WEIGHTS.grams, (_, i) => MODEL_WEIGHTS.values[i] ?? 0);
split.forEach((parts, i) => {
  if (parts.length === 1) UNIGRAM[idOf(parts[0]!)] = i;
  else BIGRAM.set(idOf(parts[0]!) * WORDS + idOf(parts[1]!), i);
});

/** The model's log-odds that `text` is a scam, and its strongest scam n-gram. */
export function modelScore(text: string): ModelResult {
  scanner.scan(text);
  const { first, second } = scanner;
  const value = featureValue(scanner.length);
  let logit = MODEL_WEIGHTS.bias;
  let best = -1;
  let bestContribution = 0;
  // Same order and arithmetic as summing over the n-grams in first-seen order, so the logit
  // is bit-for-bit what it always was.
  for (let k = 0; k < scanner.length; k++) {
    const a = first[k]!;
    const b = second[k]!;
    if (a >= WORDS || b >= WORDS) continue;
    const gram = b < 0 ? UNIGRAM[a]! : (BIGRAM.get(a * WORDS + b) ?? -1);
    if (gram < 0) continue;
    const contribution = VALUES[gram]! * value;
    logit += contribution;
    if (contribution > 0 && (best < 0 || contribution > bestContribution)) {
      best = k;
      bestContribution = contribution;
    }
  }
  const evidence = logit - MODEL_WEIGHTS.bias;
  if (best < 0) return { logit, evidence, top: null };
  const a = scanner.word(first[best]!);
  const b = second[best]!;
  return {
    logit,
    evidence,
    top: {
      gram: b < 0 ? a : `${a} ${scanner.word(b)}`,
      start: scanner.start[best]!,
      end: scanner.end[best]!,
      contribution: bestContribution,
    },
  };
}

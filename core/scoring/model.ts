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
// is an array slot and a bigram's is found by number in a small hash table, and scoring a text
// never builds a string per n-gram. Later grams win on duplicates, as a Map of strings would.
const split = MODEL_WEIGHTS.grams.map((g) => g.split(' '));
const vocabulary = [...new Set(split.flat())];
const scanner = new NgramScanner(vocabulary);
// Vocabulary words get ids 0…WORDS-1; other ids (stop words, unseen words) have no weight.
const WORDS = vocabulary.length;
const idOf = (word: string) => scanner.table.idOf(word);
const UNIGRAM = new Int32Array(WORDS).fill(-1);
const VALUES = Float64Array.from(MODEL_WEIGHTS.grams, (_, i) => MODEL_WEIGHTS.values[i] ?? 0);
const bigrams = new Map<number, number>();
split.forEach((parts, i) => {
  if (parts.length === 1) UNIGRAM[idOf(parts[0]!)] = i;
  else bigrams.set(idOf(parts[0]!) * WORDS + idOf(parts[1]!), i);
});
// The bigrams in an open-addressing table of [key, gram] pairs, key = first * WORDS + second,
// -1 for an empty slot. Why not the Map itself: a text makes ~1,500 bigram lookups, and a
// Map of 10,000 entries spread over the heap missed the cache on most of them; here a lookup
// reads one or two adjacent slots of one array.
// Keys are stored as 32-bit integers: a vocabulary past 46,340 words would wrap them.
if (WORDS * WORDS > 2 ** 31) throw new Error('word model: vocabulary too large for bigram keys');
const BIGRAM_SLOTS = 1 << Math.ceil(Math.log2(1.5 * bigrams.size + 1));
const BIGRAM = new Int32Array(2 * BIGRAM_SLOTS).fill(-1);
for (const [key, gram] of bigrams) {
  let slot = bigramSlot(key);
  while (BIGRAM[2 * slot] !== -1) slot = (slot + 1) & (BIGRAM_SLOTS - 1);
  BIGRAM[2 * slot] = key;
  BIGRAM[2 * slot + 1] = gram;
}

function bigramSlot(key: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 0) & (BIGRAM_SLOTS - 1);
}

/** The gram index of the bigram (a, b) of vocabulary ids, or -1 when the model has none. */
function bigramOf(a: number, b: number): number {
  const key = a * WORDS + b;
  for (let slot = bigramSlot(key); ; slot = (slot + 1) & (BIGRAM_SLOTS - 1)) {
    const k = BIGRAM[2 * slot]!;
    if (k === key) return BIGRAM[2 * slot + 1]!;
    if (k === -1) return -1;
  }
}

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
    const gram = b < 0 ? UNIGRAM[a]! : bigramOf(a, b);
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

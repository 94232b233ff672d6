/**
 * The learned character n-gram model that sits beside the rules (either can warn): the plain
 * baseline's features, hashed. Word 1–2-grams (tokens of two or more word characters) and
 * character 3–5-grams inside whitespace-delimited words (padded with one space each side),
 * lower-cased, each hashed (FNV-1a) into 2^18 buckets per block, sublinear term frequency
 * (1 + ln tf), each block scaled to unit length, then a logistic regression. Trained by
 * `npm run train:charmodel` on train + real-scams with every call's first 25/50/100 words as
 * extra rows (so openings are learned), pruned to the weights that matter and int8-quantised
 * into `char-model-weights.json`, bundled by a static import.
 *
 * One pass over the transcript builds the counts; only when the model is worried does a
 * second pass attribute its log-odds to words, to quote evidence. Deterministic. Pure: no
 * runtime-specific imports; module-level scratch buffers are reused between calls.
 */
import type { CharFusion } from './char-model-fuse';
import weightsFile from './char-model-weights.json';
import { DistinctWords } from './distinct-words';

/** Buckets per block (word block first, then the char block). */
export const CHAR_MODEL_BITS = 18;
const SIZE = 1 << CHAR_MODEL_BITS;
const MASK = SIZE - 1;
/** Width of the full feature space (both blocks). */
export const CHAR_MODEL_DIM = 2 * SIZE;

const WORD_SEED = 0x811c9dc5;
const CHAR_SEED = 0x9747b28c;
const PRIME = 16777619;

/** The weights file's shape. */
export interface CharModelFile {
  bits: number;
  bias: number;
  scale: number;
  /** Bucket ids, delta-encoded (each entry is the gap from the previous id). */
  idx: number[];
  /** int8 weights (times `scale`) of those buckets. */
  q: number[];
  /** How the model's probability joins the rules (fitted out of fold). */
  fusion: CharFusion;
}

/** A dense weight table built from a weights file. */
export interface CharModel {
  /**
   * One cell per bucket: its quantised weight (the weight is `(cell >> 16) * scale`) in the
   * high 16 bits and, in the low 16, the bucket's count in the text being scored (0 between
   * calls). Why together: a call touches thousands of random buckets, and one cache line per
   * bucket instead of one in a count table and one in a weight table halves the misses.
   */
  cells: Int32Array;
  scale: number;
  bias: number;
  fusion: CharFusion;
}

/** Expands a (pruned, quantised) weights file into a dense table. */
export function loadCharModel(file: CharModelFile): CharModel {
  if (file.bits !== CHAR_MODEL_BITS) throw new Error('char model: bucket width mismatch');
  const cells = new Int32Array(CHAR_MODEL_DIM);
  let id = 0;
  for (let i = 0; i < file.idx.length; i++) {
    id += file.idx[i]!;
    cells[id] = file.q[i]! << 16;
  }
  return { cells, scale: file.scale, bias: file.bias, fusion: file.fusion };
}

/** The shipped model. */
export const CHAR_MODEL: CharModel = loadCharModel(weightsFile as CharModelFile);

// Scratch: the buckets the text being scored touched, in order of first touch (their counts
// are in the model's cells).
let touched = new Int32Array(4096);
let nTouched = 0;
let touchedCells = new Int32Array(4096);
const COUNT = 0xffff;
// Scratch: the words of the text being scored, shared by the count and the quote.
const WORDS = new DistinctWords();

/** Adds `by` occurrences of a feature (saturating: a count past 65,535 is read as 65,535). */
function bump(cells: Int32Array, bucket: number, by: number): void {
  const cell = cells[bucket]!;
  const tf = cell & COUNT;
  // Written always and kept only on a first touch ((tf - 1) >>> 31 is 1 just when tf is 0):
  // no branch on a load that often misses the cache, so the CPU can overlap those misses.
  touched[nTouched] = bucket;
  nTouched += (tf - 1) >>> 31;
  cells[bucket] = cell - tf + Math.min(COUNT, tf + by);
}

/** Makes room in `touched` for `more` buckets (bump does not check). */
function reserveTouched(more: number): void {
  if (nTouched + more <= touched.length) return;
  const grown = new Int32Array(Math.max(2 * touched.length, nTouched + more));
  grown.set(touched);
  touched = grown;
}

function isWordChar(c: number): boolean {
  // [\p{L}\p{N}_] for the ASCII range; every non-ASCII character counts as a letter.
  return (
    (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90) || c > 127
  );
}

/** Hash of the padded word ` lower[from..to) ` restricted to padded positions [a, b). */
function paddedHash(lower: string, from: number, to: number, a: number, b: number): number {
  let h = CHAR_SEED;
  const last = to - from + 1;
  for (let i = a; i < b; i++) {
    const c = i === 0 || i === last ? 32 : lower.charCodeAt(from + i - 1);
    h = Math.imul(h ^ c, PRIME);
  }
  return SIZE + ((h >>> 0) & MASK);
}

/** Counts every feature of `lower` into the scratch buffers. */
function countFeatures(lower: string, cells: Int32Array): void {
  const n = lower.length;
  // Word 1–2-grams: at most two per token of two or more characters.
  reserveTouched(n);
  let prevHash = 0;
  let havePrev = false;
  let i = 0;
  while (i < n) {
    if (!isWordChar(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let h = WORD_SEED;
    while (i < n && isWordChar(lower.charCodeAt(i)))
      h = Math.imul(h ^ lower.charCodeAt(i++), PRIME);
    if (i - start < 2) continue;
    bump(cells, (h >>> 0) & MASK, 1);
    if (havePrev) {
      let b = Math.imul(prevHash ^ 32, PRIME);
      for (let j = start; j < i; j++) b = Math.imul(b ^ lower.charCodeAt(j), PRIME);
      bump(cells, (b >>> 0) & MASK, 1);
    }
    prevHash = h;
    havePrev = true;
  }
  // Char 3–5-grams inside whitespace-delimited words, counted once per distinct word times its
  // occurrences. Taking the words in order of first occurrence touches each bucket first at
  // the same word as a walk over every occurrence would, so `touched` keeps its order (and
  // the sums over it their rounding).
  WORDS.scan(lower);
  for (let d = 0; d < WORDS.length; d++) {
    countWordGrams(lower, WORDS.start[d]!, WORDS.end[d]!, WORDS.count[d]!, cells);
  }
}

/** The char 3–5-grams of the padded word ` lower[from..to) `, counted `by` times into the scratch. */
function countWordGrams(
  lower: string,
  from: number,
  to: number,
  by: number,
  cells: Int32Array,
): void {
  const plen = to - from + 2;
  const last = plen - 1;
  reserveTouched(3 * plen);
  if (plen <= 5) {
    // A padded word shorter than n gives its whole form once for that n (equal: the loop).
    const whole = paddedHash(lower, from, to, 0, plen);
    for (let g = 3; g <= 5; g++) if (plen < g) bump(cells, whole, by);
  }
  // FNV-1a of a 4- or 5-gram continues the hash of its 3-gram, so each start position hashes
  // five characters, not twelve.
  for (let a = 0; a + 3 <= plen; a++) {
    let h = CHAR_SEED;
    const stop = Math.min(plen, a + 5);
    for (let k = a; k < stop; k++) {
      const c = k === 0 || k === last ? 32 : lower.charCodeAt(from + k - 1);
      h = Math.imul(h ^ c, PRIME);
      if (k - a >= 2) bump(cells, SIZE + ((h >>> 0) & MASK), by);
    }
  }
}

/**
 * Norms of the two blocks' sublinear tf vectors, from the scratch counts. Also copies each
 * touched bucket's cell to `touchedCells`, so the score reads them in order, not at random.
 */
function blockNorms(cells: Int32Array): [number, number] {
  if (touchedCells.length < nTouched) touchedCells = new Int32Array(touched.length);
  let w = 0;
  let c = 0;
  for (let k = 0; k < nTouched; k++) {
    const b = touched[k]!;
    const cell = cells[b]!;
    touchedCells[k] = cell;
    const v = sublinear(cell & COUNT);
    if (b < SIZE) w += v * v;
    else c += v * v;
  }
  return [w === 0 ? 0 : 1 / Math.sqrt(w), c === 0 ? 0 : 1 / Math.sqrt(c)];
}

// 1 + ln(tf) for small counts, looked up.
const SUBLINEAR = Float64Array.from({ length: 64 }, (_, k) => (k === 0 ? 0 : 1 + Math.log(k)));

function sublinear(tf: number): number {
  return tf < 64 ? SUBLINEAR[tf]! : 1 + Math.log(tf);
}

function reset(cells: Int32Array): void {
  for (let k = 0; k < nTouched; k++) cells[touched[k]!]! &= ~COUNT;
  nTouched = 0;
}

// Cells for charFeatures, which counts without a model: weights all 0. Made on first use.
let unweighted: Int32Array | null = null;

/** A text's features as a sparse row (for training): bucket ids and values. */
export function charFeatures(text: string): { cols: Int32Array; vals: Float64Array } {
  unweighted ??= new Int32Array(CHAR_MODEL_DIM);
  const cells = unweighted;
  countFeatures(text.toLowerCase(), cells);
  const [nw, nc] = blockNorms(cells);
  const cols = new Int32Array(nTouched);
  const vals = new Float64Array(nTouched);
  for (let k = 0; k < nTouched; k++) {
    const b = touched[k]!;
    cols[k] = b;
    vals[k] = sublinear(cells[b]! & COUNT) * (b < SIZE ? nw : nc);
  }
  reset(cells);
  return { cols, vals };
}

/** The model's verdict on a text. */
export interface CharModelResult {
  probability: number;
  /** Where the words that pushed hardest towards "scam" are, when the model warns. */
  evidence: { start: number; end: number } | null;
}

/**
 * Scores a text. With `quote`, also finds the words to quote: `true` always, or a predicate of
 * the probability that says whether this text needs them (the engine asks only when the model
 * lifts the verdict). The quote reads the same counts, so asking costs one more walk over the
 * words, not a second count of every feature. `lower` is `text.toLowerCase()`, passed by a
 * caller that has it already.
 */
export function charModelScore(
  text: string,
  model: CharModel = CHAR_MODEL,
  quote: boolean | ((probability: number) => boolean) = false,
  lower = text.toLowerCase(),
): CharModelResult {
  const { cells } = model;
  countFeatures(lower, cells);
  const [nw, nc] = blockNorms(cells);
  let z = model.bias;
  for (let k = 0; k < nTouched; k++) {
    const b = touched[k]!;
    const cell = touchedCells[k]!;
    // A zero weight adds ±0, which leaves z's value as it is (at most -0 turns +0, the same
    // probability), so the loop need not branch on the weight (zero for about a third of the
    // buckets, in no order a branch predictor could learn).
    z += (cell >> 16) * model.scale * sublinear(cell & COUNT) * (b < SIZE ? nw : nc);
  }
  const probability = 1 / (1 + Math.exp(-z));
  let evidence: CharModelResult['evidence'] = null;
  const wanted = typeof quote === 'function' ? quote(probability) : quote;
  if (wanted && lower.length === text.length) evidence = strongestWords(lower, model, nc);
  reset(cells);
  return { probability, evidence };
}

// Scratch for one word's n-gram buckets: GRAMS[g - 3][a] is the bucket of the g-gram at padded
// position a. Grown for the rare very long word.
let GRAMS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * The window of words (the strongest word and up to three either side) whose character n-grams
 * add the most log-odds, each n-gram's share split evenly over its occurrences.
 */
function strongestWords(
  lower: string,
  model: CharModel,
  nc: number,
): { start: number; end: number } | null {
  // The words as counted (WORDS still holds this text's), at most the first 5,000. A word's
  // gain depends only on its characters, so each distinct word's is computed once.
  const count = Math.min(WORDS.occurrences, 5000);
  if (count === 0) return null;
  const gains = new Float64Array(count);
  const gainOf: number[] = [];
  for (let k = 0; k < count; k++) {
    const id = WORDS.ids[k]!;
    // Ids are numbered in order of first occurrence: an unseen word has the next one.
    if (id === gainOf.length)
      gainOf.push(wordGain(lower, WORDS.start[id]!, WORDS.end[id]!, model, nc));
    gains[k] = gainOf[id]!;
  }
  // The best window of seven words by summed gain.
  const W = 7;
  let best = -Infinity;
  let at = 0;
  let sum = 0;
  for (let k = 0; k < gains.length; k++) {
    sum += gains[k]!;
    if (k >= W) sum -= gains[k - W]!;
    if (k >= Math.min(W, gains.length) - 1 && sum > best) {
      best = sum;
      at = Math.max(0, k - W + 1);
    }
  }
  const last = Math.min(gains.length, at + W) - 1;
  const id = WORDS.ids[last]!;
  return { start: WORDS.at[at]!, end: WORDS.at[last]! + WORDS.end[id]! - WORDS.start[id]! };
}

/** The log-odds the char n-grams of the padded word ` lower[start..end) ` add, split evenly over each n-gram's occurrences. */
function wordGain(lower: string, start: number, end: number, model: CharModel, nc: number): number {
  const plen = end - start + 2;
  const last = plen - 1;
  if (GRAMS[0].length < plen) {
    const size = 2 * plen;
    GRAMS = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  // Each start position hashes five characters once (a 4- or 5-gram's FNV-1a continues its
  // 3-gram's), as countWordGrams does; a padded word shorter than g is its whole form.
  for (let a = 0; a + 3 <= plen; a++) {
    let h = CHAR_SEED;
    const stop = Math.min(plen, a + 5);
    for (let k = a; k < stop; k++) {
      const c = k === 0 || k === last ? 32 : lower.charCodeAt(start + k - 1);
      h = Math.imul(h ^ c, PRIME);
      if (k - a >= 2) GRAMS[k - a - 2]![a] = SIZE + ((h >>> 0) & MASK);
    }
  }
  // Summed g by g, start by start: the order (and so the rounding) of the sum is fixed.
  let gain = 0;
  for (let g = 3; g <= 5; g++) {
    const from = plen <= g ? GRAMS[plen - 3]! : GRAMS[g - 3]!;
    const count = plen <= g ? 1 : plen - g + 1;
    for (let a = 0; a < count; a++) {
      const b = from[a]!;
      const cell = model.cells[b]!;
      const wt = (cell >> 16) * model.scale;
      if (wt !== 0) gain += (wt * sublinear(cell & COUNT) * nc) / (cell & COUNT);
    }
  }
  return gain;
}

/**
 * The distinct uni- and bigrams of a text as word-id pairs, in first-seen order, without
 * building a string per n-gram. Pure: no runtime-specific imports.
 *
 * This is the single definition of the model's features: `extractNgrams` (training) turns its
 * output into strings and the scorer looks its ids up in the weights directly, so the two
 * cannot drift apart. The rules (see features.ts for why): fillers are skipped as if absent,
 * a unigram is kept unless it is a stop word, a bigram unless both words are stop words.
 */
import { scanTokens, TokenBuffer } from './tokens';
import { FILLER, STOP, WordTable } from './word-table';

// Module-local copies: under tsx an imported binding is read through a getter, which shows in
// a per-token loop.
const STOP_BIT = STOP;
const FILLER_BIT = FILLER;

/** `a`, or a copy of it at least `size` long (at least doubled, so growing is rare). */
export function grown<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Reusable scanner. Words of `vocabulary` keep fixed ids 0…vocabulary.length-1 (so callers can
 * index weights by them); other words get ids above, valid until the next scan.
 */
export class NgramScanner {
  /** Number of n-grams found by the last scan; the arrays below hold them in order. */
  length = 0;
  /** First word id of each n-gram. */
  first = new Int32Array(512);
  /** Second word id of each bigram, -1 for a unigram. */
  second = new Int32Array(512);
  /** Span of the n-gram's first occurrence in the scanned text. */
  start = new Int32Array(512);
  end = new Int32Array(512);

  /** The scanner's words: fixed ids for the vocabulary, temporary ones for the rest. */
  readonly table: WordTable;
  private readonly tokens = new TokenBuffer();
  // Unigram and bigram sets, cleared in O(1) by bumping the epoch.
  private epoch = 0;
  private seen = new Int32Array(0);
  // Bigram set: [epoch, a, b] per slot, side by side so a probe reads one cache line.
  private pairs = new Int32Array(0);

  constructor(vocabulary: readonly string[]) {
    this.table = new WordTable(vocabulary);
  }

  /** The word behind an id (ids above the fixed ones only until the next scan). */
  word(id: number): string {
    return this.table.word(id);
  }

  /** Finds the distinct n-grams of `text`; read them from `length` and the arrays. */
  scan(text: string): void {
    const { table, tokens } = this;
    table.reset();
    this.length = 0;
    if (this.epoch === 0x7fffffff) {
      this.epoch = 0;
      this.seen.fill(0);
      this.pairs.fill(0);
    }
    this.epoch += 1;
    scanTokens(text, tokens);
    this.reserve(tokens.length, table.fixed + tokens.length);
    let prev = -1;
    let prevStart = 0;
    for (let t = 0; t < tokens.length; t++) {
      const start = tokens.start[t]!;
      const end = tokens.end[t]!;
      const id = table.token(text, start, end, tokens.flags[t]!, tokens.hash[t]!);
      const kind = table.kinds[id]!;
      if (kind & FILLER_BIT) continue;
      // Bigram (previous, current) before the current unigram: the order extraction always had.
      if (
        prev >= 0 &&
        !(kind & STOP_BIT && table.kinds[prev]! & STOP_BIT) &&
        this.addPair(prev, id)
      ) {
        this.emit(prev, id, prevStart, end);
      }
      if (!(kind & STOP_BIT) && this.seen[id] !== this.epoch) {
        this.seen[id] = this.epoch;
        this.emit(id, -1, start, end);
      }
      prev = id;
      prevStart = start;
    }
  }

  private emit(first: number, second: number, start: number, end: number): void {
    const k = this.length++;
    this.first[k] = first;
    this.second[k] = second;
    this.start[k] = start;
    this.end[k] = end;
  }

  // Room for every token to add one unigram and one bigram, and a pair table under half full.
  private reserve(tokens: number, words: number): void {
    this.seen = grown(this.seen, words);
    const size = 2 * tokens + 2;
    this.first = grown(this.first, size);
    this.second = grown(this.second, size);
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    if (this.pairs.length < 3 * 2 * size) {
      const slots = 1 << Math.ceil(Math.log2(2 * size));
      // Fresh slots carry epoch 0, which no scan uses.
      this.pairs = new Int32Array(3 * slots);
    }
  }

  /** Adds the bigram (a, b) to this scan's set; false when it was already there. */
  private addPair(a: number, b: number): boolean {
    const { pairs, epoch } = this;
    const mask = pairs.length / 3 - 1;
    let slot = Math.imul(a ^ Math.imul(b, 0x27d4eb2d), 0x9e3779b1) >>> 0;
    for (slot &= mask; pairs[3 * slot] === epoch; slot = (slot + 1) & mask) {
      if (pairs[3 * slot + 1] === a && pairs[3 * slot + 2] === b) return false;
    }
    pairs[3 * slot] = epoch;
    pairs[3 * slot + 1] = a;
    pairs[3 * slot + 2] = b;
    return true;
  }
}

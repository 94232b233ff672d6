/**
 * The distinct whitespace-delimited words of a text, each with its number of occurrences,
 * found without building a string per word. Pure: no runtime-specific imports.
 *
 * Why: the character model's n-grams (char-model.ts) depend only on a word's characters, and
 * calls repeat their words: a 10,000-character call has ~1,800 words but ~700 distinct ones.
 * Counting each distinct word's n-grams once, weighted by its number of occurrences, does the
 * same counting with a fraction of the hashing and of the random writes into the count table.
 */
import { grown } from './ngram-scanner';
import { FNV_OFFSET, FNV_PRIME } from './tokens';

/** The whitespace that separates the character model's words (tab to CR, space, NBSP). */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}

/** Reusable scanner; read the last scan's words from the fields below. */
export class DistinctWords {
  /** Number of distinct words, numbered 0… in order of first occurrence. */
  length = 0;
  /** Span of each distinct word's first occurrence. */
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** Occurrences of each distinct word. */
  count = new Int32Array(256);
  /** Number of word occurrences; in text order, each one's distinct word and offset. */
  occurrences = 0;
  ids = new Int32Array(256);
  at = new Int32Array(256);
  // Open addressing over the words' hashes: id + 1 per slot, 0 for empty; kept under half
  // full. Emptied after each scan through `slotOf`, so a short call clears a few slots.
  private slots = new Int32Array(512);
  private hash = new Int32Array(256);
  private slotOf = new Int32Array(256);

  /** Finds the words of `text`. */
  scan(text: string): void {
    for (let d = 0; d < this.length; d++) this.slots[this.slotOf[d]!] = 0;
    this.length = 0;
    this.occurrences = 0;
    const n = text.length;
    // Words are at least a space apart: at most n/2 + 1 of them.
    this.ids = grown(this.ids, (n >> 1) + 1);
    this.at = grown(this.at, (n >> 1) + 1);
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      const from = i;
      let h = FNV_OFFSET;
      do {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = ++i < n ? text.charCodeAt(i) : 32;
      } while (!isSpace(c));
      this.ids[this.occurrences] = this.find(text, from, i, h);
      this.at[this.occurrences++] = from;
    }
  }

  /** Id of the word `text[from, to)` with hash `h`, added when new; its count goes up by one. */
  private find(text: string, from: number, to: number, h: number): number {
    const { slots, start, end, hash } = this;
    const mask = slots.length - 1;
    let slot = h & mask;
    // The table is kept under half full, so a probe meets an empty slot long before it has
    // seen them all; the bound turns a broken invariant into an error, not an endless loop.
    for (let id = slots[slot]! - 1, probes = 0; id >= 0; id = slots[slot]! - 1) {
      if (++probes > slots.length) throw new Error('distinct words: hash table full');
      if (
        hash[id] === h &&
        end[id]! - start[id]! === to - from &&
        same(text, start[id]!, from, to)
      ) {
        this.count[id]! += 1;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.length++;
    if (id >= this.start.length) this.growIds();
    this.start[id] = from;
    this.end[id] = to;
    this.count[id] = 1;
    this.hash[id] = h;
    if (2 * this.length > slots.length) this.rehash(2 * slots.length);
    else this.place(id, slot);
    return id;
  }

  private place(id: number, slot: number): void {
    this.slots[slot] = id + 1;
    this.slotOf[id] = slot;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.length; id++) {
      let slot = this.hash[id]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.place(id, slot);
    }
  }

  private growIds(): void {
    const size = 2 * this.start.length;
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    this.count = grown(this.count, size);
    this.hash = grown(this.hash, size);
    this.slotOf = grown(this.slotOf, size);
  }
}

/** True when `text[a, a + (to - from))` equals `text[from, to)`. */
function same(text: string, a: number, from: number, to: number): boolean {
  for (let k = 0; k < to - from; k++) {
    if (text.charCodeAt(a + k) !== text.charCodeAt(from + k)) return false;
  }
  return true;
}

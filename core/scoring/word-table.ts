/**
 * Word → id table keyed by the token hashes of tokens.ts, so looking a token up builds no
 * string. Pure: no runtime-specific imports.
 *
 * Ids 0…fixed-1 are the words given at construction and never change; words met while scanning
 * a text get ids above them and are dropped by {@link WordTable.reset}. Because every fixed word
 * is inserted before any temporary one, removing all temporary entries leaves the open-
 * addressing table exactly as it was, so no tombstones are needed.
 */
import { FILLERS } from './fillers';
import { STOP_WORDS } from './stop-words';
import { STYLE_WORDS } from './style-words';
import { HAS_DIGIT, hashWord, tokenIs, tokenWord } from './tokens';

// Module-local copy: under tsx an imported binding is read through a getter (per token here).
const DIGIT_FLAG = HAS_DIGIT;

/** Word kinds. */
export const STOP = 1;
export const FILLER = 2;

export class WordTable {
  /** Number of fixed words. */
  readonly fixed: number;
  /** Kind bits of each id. */
  kinds = new Uint8Array(64);
  private readonly words: string[] = [];
  private hashes = new Int32Array(64);
  private slotOf = new Int32Array(64);
  private slots = new Int32Array(256).fill(-1);
  private readonly digitId: number;

  constructor(words: readonly string[]) {
    // Stop words, skipped words and "#" always get fixed ids: the scanner needs their kinds.
    for (const word of [...words, ...STOP_WORDS, ...FILLERS, ...STYLE_WORDS, '#']) {
      this.add(word, hashWord(word));
    }
    this.fixed = this.words.length;
    this.digitId = this.find('#', hashWord('#'));
  }

  /** The word behind an id (ids from `fixed` up only until the next reset). */
  word(id: number): string {
    return this.words[id]!;
  }

  /** Id of a fixed word, or -1. */
  idOf(word: string): number {
    const id = this.find(word, hashWord(word));
    return id < this.fixed ? id : -1;
  }

  /** Drops the words added since construction. */
  reset(): void {
    for (let id = this.fixed; id < this.words.length; id++) this.slots[this.slotOf[id]!] = -1;
    this.words.length = this.fixed;
  }

  /** Id of the token `text[start, end)`, adding its word when new. */
  token(text: string, start: number, end: number, flags: number, hash: number): number {
    if (flags & DIGIT_FLAG) return this.digitId;
    const { slots, hashes, words } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[slot]!;
      if (id < 0) break;
      if (hashes[id] === hash && tokenIs(words[id]!, text, start, end)) return id;
    }
    return this.add(tokenWord(text, start, end, flags), hash);
  }

  private find(word: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; this.slots[slot]! >= 0; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (this.hashes[id] === hash && this.words[id] === word) return id;
    }
    return -1;
  }

  private add(word: string, hash: number): number {
    const existing = this.find(word, hash);
    if (existing >= 0) return existing;
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.hashes.length) this.growIds();
    this.hashes[id] = hash;
    const skipped = FILLERS.has(word) || STYLE_WORDS.has(word);
    this.kinds[id] = (STOP_WORDS.has(word) ? STOP : 0) | (skipped ? FILLER : 0);
    // Kept under half full so probes stay short; rehashing keeps fixed words first.
    if (2 * (id + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[id]! & mask;
    while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = id;
    this.slotOf[id] = slot;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    for (let id = 0; id < this.words.length; id++) this.place(id);
  }

  private growIds(): void {
    const size = this.hashes.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes, new Int32Array(size));
    this.slotOf = grow(this.slotOf, new Int32Array(size));
    this.kinds = grow(this.kinds, new Uint8Array(size));
  }
}

/**
 * The model's tokenizer: word spans, their normalised form and its hash. Pure: no
 * runtime-specific imports.
 *
 * A token is what `/[A-Za-z0-9]+(?:['’][A-Za-z]+)*` /g would match; it is found with a
 * character loop instead, which on the way hashes the normalised word (lower case, no
 * apostrophes) and notes whether it needs lower-casing, apostrophe removal or collapsing to
 * "#", so a word can be looked up (word-table.ts) without building a string for it.
 */

/** Token flags. */
export const HAS_DIGIT = 1;
const HAS_UPPER = 2;
const HAS_APOSTROPHE = 4;
const APOSTROPHES = /['’]/g;
/** FNV-1a's 32-bit offset basis and prime (also distinct-words.ts). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** Hash of a normalised word, the same one {@link scanTokens} computes from the raw token. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Token spans, flags and hashes of the last {@link scanTokens} call, in reusable buffers. */
export class TokenBuffer {
  length = 0;
  start = new Int32Array(256);
  end = new Int32Array(256);
  flags = new Uint8Array(256);
  hash = new Int32Array(256);

  /** Makes room for `n` tokens. */
  reserve(n: number): void {
    if (this.start.length >= n) return;
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.hash = new Int32Array(n);
  }
}

/** Fills `out` with the tokens of `text` (spans in `text`'s own offsets). */
export function scanTokens(text: string, out: TokenBuffer): void {
  const n = text.length;
  // Tokens are at least a character apart, or the first is "x'y" or longer: at most n/2 + 1.
  out.reserve((n >> 1) + 1);
  const { start, end, flags, hash } = out;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    // Letters and digits: ASCII 48–57, 65–90, 97–122.
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90))) {
      i += 1;
      continue;
    }
    const s = i;
    let f = 0;
    let h = FNV_OFFSET;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        // lower-case letter: the common case
      } else if (c >= 65 && c <= 90) {
        f |= HAS_UPPER;
        c += 32;
      } else if (c >= 48 && c <= 57) {
        f |= HAS_DIGIT;
      } else {
        break;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    // Apostrophe groups take letters only: "it's9" is "it's" then "9", as with the regex.
    while (i + 1 < n && (c === 39 || c === 8217) && isLetter(text.charCodeAt(i + 1))) {
      f |= HAS_APOSTROPHE;
      for (i += 1; i < n; i++) {
        c = text.charCodeAt(i);
        if (c >= 65 && c <= 90) {
          f |= HAS_UPPER;
          c += 32;
        } else if (!(c >= 97 && c <= 122)) {
          break;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      }
    }
    start[count] = s;
    end[count] = i;
    flags[count] = f;
    hash[count] = h;
    count += 1;
  }
  out.length = count;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Normalised word of a token: lower case, apostrophes dropped, "#" for anything with a digit. */
export function tokenWord(text: string, start: number, end: number, flags: number): string {
  if (flags & HAS_DIGIT) return '#';
  let word = text.slice(start, end);
  if (flags & HAS_UPPER) word = word.toLowerCase();
  if (flags & HAS_APOSTROPHE) word = word.replace(APOSTROPHES, '');
  return word;
}

/** True when the token `text[start, end)` normalises to `word` (a token without digits). */
export function tokenIs(word: string, text: string, start: number, end: number): boolean {
  let k = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c === 39 || c === 8217) continue;
    if (c <= 90) c += 32;
    if (k >= word.length || word.charCodeAt(k) !== c) return false;
    k += 1;
  }
  return k === word.length;
}

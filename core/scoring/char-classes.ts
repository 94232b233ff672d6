/**
 * Character classes for the rule prefilter (regex-prefix.ts, rule-scan.ts), and sets of them.
 * Pure: no runtime-specific imports.
 */

/**
 * Character classes the analysis tells apart: each lower-case ASCII letter (rules are written
 * in lower case and run on lower-cased text), then coarser groups. A set of classes stands for
 * every character in them, which can only widen what a rule is said to allow.
 */
export const DIGIT = 26;
const SPACE = 27;
const QUOTE = 28;
const WORD_OTHER = 29; // A-Z and _: word characters no rule starts with
const DOLLAR = 30;
const DOT = 31;
const PUNCT = 32;
/** Any UTF-16 unit from 128 up (curly apostrophes, accents). */
export const NON_ASCII = 33;
/** Past the end of the text: the scanner pads with it, no pattern character is in it. */
export const END = 34;
/** Number of classes. */
export const CLASSES = 35;

/** Class of each ASCII code unit; units from 128 up are NON_ASCII. */
export const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 48 && c <= 57) return DIGIT;
  if ((c >= 9 && c <= 13) || c === 32) return SPACE;
  if ((c >= 65 && c <= 90) || c === 95) return WORD_OTHER;
  return c === 39 ? QUOTE : c === 36 ? DOLLAR : c === 46 ? DOT : PUNCT;
});

/** True for classes of word characters (`\w`), the ones a `\b` can sit before. */
export const isWordClass = (k: number) => k < 26 || k === DIGIT || k === WORD_OTHER;

/** A set of classes (1 = allowed), or of class pairs (index a * CLASSES + b). */
export type ClassSet = Uint8Array;

const isWord = (c: number) => isWordClass(ASCII_CLASS[c]!);
const isSpace = (c: number) => (c >= 9 && c <= 13) || c === 32;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** The classes of the ASCII units `pred` accepts, plus NON_ASCII when `nonAscii`. */
export function classSet(pred: (c: number) => boolean, nonAscii: boolean): ClassSet {
  const s = new Uint8Array(CLASSES);
  for (let c = 0; c < 128; c++) if (pred(c)) s[ASCII_CLASS[c]!] = 1;
  s[NON_ASCII] = nonAscii ? 1 : 0;
  return s;
}

/** Every class. */
export const ALL = classSet(() => true, true);
/** Every pair of classes. */
export const ALL_PAIRS: ClassSet = new Uint8Array(CLASSES * CLASSES).fill(1);

/** Escapes that stand for a set: which ASCII units they take, and whether any from 128 up. */
export type Members = readonly [(c: number) => boolean, boolean];
export const CLASS_ESCAPES: Record<string, Members> = {
  d: [isDigit, false],
  D: [(c) => !isDigit(c), true],
  w: [isWord, false],
  W: [(c) => !isWord(c), true],
  s: [isSpace, true],
  S: [(c) => !isSpace(c), true],
};

/** Union of two sets of the same kind. */
export function union(a: ClassSet, b: ClassSet): ClassSet {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** Every pair (x, y) with x in `a` and y in `b`. */
export function cross(a: ClassSet, b: ClassSet): ClassSet {
  const out = new Uint8Array(CLASSES * CLASSES);
  for (let x = 0; x < CLASSES; x++)
    if (a[x]) for (let y = 0; y < CLASSES; y++) out[x * CLASSES + y] = b[y]!;
  return out;
}

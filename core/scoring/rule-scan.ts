/**
 * One pass over a lower-cased transcript that tries each rule only where a match can start.
 * Pure: no runtime-specific imports.
 *
 * Why: a global regex scan tries its pattern at every position, so each rule costs one full pass.
 * Here each rule's first K characters are summarised (regex-prefix.ts) into bit tables
 * indexed by character, and one pass ANDs the tables for the next K characters (and the one
 * before, for rules that start at a word boundary) to get, per position, the few rules worth
 * trying; those run as sticky regexes anchored there. Trying candidates in increasing
 * position and resuming after each match's end is exactly what a global `exec` loop does,
 * because a position the tables rule out cannot start a match; the results are identical.
 */
import { ASCII_CLASS, CLASSES, END, isWordClass, NON_ASCII } from './char-classes';
import { prefixSets } from './regex-prefix';
import type { Rule } from './rule-types';

/** Repetition beyond a few matches says little more, and stopping early bounds the work. */
export const MAX_COUNT = 3;

/**
 * Decides whether a match of rule `r` at [start, end) counts; one that does not still ends
 * where the rule's next match may start, exactly as if it counted.
 */
export type AcceptMatch = (r: number, start: number, end: number) => boolean;

/** A rule's first match and its (capped) number of matches. */
export interface RuleMatch {
  start: number;
  end: number;
  count: number;
}

// Characters of lookahead: with eight (and their adjacent pairs) few false candidates remain;
// more barely lessen them (1,586 regex tries on the 10,000-character bench call at six, 1,319
// at eight, 1,229 at ten) and grow the tables.
const K = 8;
// Module-local copies: under tsx an imported binding is read through a getter, too slow for
// the per-character loop.
const CLASS_COUNT = CLASSES;
const ASCII = ASCII_CLASS;
const NON_ASCII_CLASS = NON_ASCII;
const END_CLASS = END;
const PAIRS = CLASS_COUNT * CLASS_COUNT;
// The start of the text counts as following a space.
const START = ASCII_CLASS[32]!;

/**
 * The classic scan: a global regex walked with `exec`, first match plus a capped count.
 * Used for the rare transcripts whose lower-cased copy changes length, and for any rule the
 * prefix analysis cannot read.
 */
export function scanGlobal(
  subject: string,
  re: RegExp,
  accept?: (start: number, end: number) => boolean,
): RuleMatch | null {
  re.lastIndex = 0;
  let first: RegExpExecArray | null = null;
  let count = 0;
  for (let m = re.exec(subject); m !== null && count < MAX_COUNT; m = re.exec(subject)) {
    if (m[0].length === 0) {
      // A zero-width match would loop forever; none of our patterns should produce one.
      re.lastIndex += 1;
      continue;
    }
    if (accept !== undefined && !accept(m.index, m.index + m[0].length)) continue;
    if (first === null) first = m;
    count += 1;
  }
  re.lastIndex = 0;
  return first === null ? null : { start: first.index, end: first.index + first[0].length, count };
}

/** Candidate tables for one rule list, plus scratch buffers reused across calls. */
export class RuleScanner {
  private readonly words: number;
  // [(before * CLASSES + class) * words + w]: bit r set when rule r may start with a character
  // of `class` right after one of `before` (a rule after \b cannot start inside a word).
  private readonly first: Int32Array;
  // [((j - 1) * PAIRS + a * CLASSES + b) * words + w]: bit r set when rule r's match may have
  // classes a, b at offsets j - 1, j, and class b at offset j (the pair and the single
  // position tables ANDed once here, so the lookahead reads one entry per character).
  private readonly step: Int32Array;
  private readonly indexed: Int32Array;
  private readonly fallback: number[] = [];
  private readonly active: Int32Array;
  private readonly count: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  // Where rule r's next match may start: the end of its previous match.
  private readonly next: Int32Array;
  // Scratch: each position's row in the tables for the text being scanned (see scan).
  private rows = new Int32Array(1024);

  constructor(private readonly rules: readonly Rule[]) {
    const words = Math.ceil(rules.length / 32);
    this.words = words;
    this.first = new Int32Array(PAIRS * words);
    const at = new Int32Array(K * CLASSES * words);
    const pair = new Int32Array((K - 1) * PAIRS * words);
    this.indexed = new Int32Array(words);
    rules.forEach((rule, r) => {
      const prefix = prefixSets(rule.sticky.source, rule.sticky.flags, K);
      if (prefix === null) {
        this.fallback.push(r);
        return;
      }
      const w = r >>> 5;
      const bit = 1 << (r & 31);
      this.indexed[w]! |= bit;
      // END is in no pattern set but always allowed: a match may be complete before it.
      for (let a = 0; a < CLASSES; a++) {
        if (!(prefix.wordStart && isWordClass(a))) {
          for (let b = 0; b < CLASSES; b++) {
            if (prefix.positions[0]![b]) this.first[(a * CLASSES + b) * words + w]! |= bit;
          }
        }
        for (let j = 0; j < K; j++) {
          if (a === END || prefix.positions[j]![a]) at[(j * CLASSES + a) * words + w]! |= bit;
        }
        for (let b = 0; b < CLASSES; b++) {
          for (let j = 0; j < K - 1; j++) {
            const on = a === END || b === END || prefix.pairs[j]![a * CLASSES + b];
            if (on) pair[(j * PAIRS + a * CLASSES + b) * words + w]! |= bit;
          }
        }
      }
    });
    this.step = new Int32Array((K - 1) * PAIRS * words);
    for (let j = 1; j < K; j++) {
      for (let a = 0; a < CLASSES; a++) {
        for (let b = 0; b < CLASSES; b++) {
          for (let w = 0; w < words; w++) {
            const i = ((j - 1) * PAIRS + a * CLASSES + b) * words + w;
            this.step[i] = pair[i]! & at[(j * CLASSES + b) * words + w]!;
          }
        }
      }
    }
    this.active = new Int32Array(words);
    this.count = new Int32Array(rules.length);
    this.start = new Int32Array(rules.length);
    this.end = new Int32Array(rules.length);
    this.next = new Int32Array(rules.length);
  }

  /**
   * Each rule's matches in `lowered` (already lower-cased), by rule index; null for none.
   * Only the matches `accept` (when given) lets count.
   */
  scan(lowered: string, accept?: AcceptMatch): (RuleMatch | null)[] {
    const { words, first, step, active, count, start, end, next, rules } = this;
    const ascii = ASCII;
    const n = lowered.length;
    active.set(this.indexed);
    count.fill(0);
    next.fill(0);
    // Each position's row in the tables, once: (class of the character before, class of this
    // one) * words. The lookahead below reads up to K - 1 of them per position and rule word,
    // and the END classes after the text save a bounds check there.
    if (this.rows.length < n + K) this.rows = new Int32Array(2 * n + K);
    const rows = this.rows;
    let prev = START;
    for (let p = 0; p < n + K; p++) {
      const c = p < n ? lowered.charCodeAt(p) : 0;
      const cur = p >= n ? END_CLASS : c < 128 ? ascii[c]! : NON_ASCII_CLASS;
      rows[p] = (prev * CLASS_COUNT + cur) * words;
      prev = cur;
    }
    const stride = PAIRS * words;
    for (let p = 0; p < n; p++) {
      for (let w = 0; w < words; w++) {
        let m = active[w]! & first[rows[p]! + w]!;
        // Most positions stop here; the rest read up to K - 1 more characters.
        for (let j = 1; m !== 0 && j < K; j++) m &= step[(j - 1) * stride + rows[p + j]! + w]!;
        while (m !== 0) {
          const bit = m & -m;
          m ^= bit;
          const r = (w << 5) | (31 - Math.clz32(bit));
          if (p < next[r]!) continue;
          const re = rules[r]!.sticky;
          re.lastIndex = p;
          // `test` leaves a sticky regex's lastIndex at the match's end and, unlike `exec`,
          // builds no result array. A zero-width match counts for nothing, as in scanGlobal.
          if (!re.test(lowered) || re.lastIndex === p) continue;
          next[r] = re.lastIndex;
          if (accept !== undefined && !accept(r, p, next[r]!)) continue;
          if (count[r] === 0) {
            start[r] = p;
            end[r] = next[r]!;
          }
          if (++count[r]! === MAX_COUNT) active[w]! &= ~bit;
        }
      }
    }
    const out: (RuleMatch | null)[] = rules.map((_, r) =>
      count[r]! > 0 ? { start: start[r]!, end: end[r]!, count: count[r]! } : null,
    );
    for (const r of this.fallback) {
      out[r] = scanGlobal(lowered, rules[r]!.lower, accept && ((s, e) => accept(r, s, e)));
    }
    return out;
  }
}

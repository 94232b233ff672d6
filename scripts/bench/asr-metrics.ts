/**
 * How well a recogniser heard a call, against a reference transcript: word error rate,
 * content-word recall and key-term recall. Both sides go through the same normaliser as the
 * language model's training text (numbers spelled out, punctuation gone).
 */
import { STOP_WORDS } from '#core/scoring/stop-words';
import { spokenWords } from '../lm/normalize';
import { countTerm, DIGIT_WORDS } from './asr-terms';

/**
 * Words and phrases a listener (and the detection rules) need to hear to tell these robocalls
 * are scams. `*` ends a prefix ("suspend*" counts "suspended"); `#` is any spoken digit.
 */
export const KEY_TERMS = [
  'social security',
  'suspend*',
  'legal',
  'criminal',
  'fraudulent',
  'suspicious',
  'amazon',
  'charge*',
  'warranty',
  'medicare',
  'press #',
] as const;

/** Occurrences of each key term in a word sequence. */
export function countKeyTerms(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of KEY_TERMS) {
    const n = countTerm(words, term);
    if (n > 0) counts.set(term, n);
  }
  return counts;
}

/** Word-level edit distance (substitutions, insertions, deletions). */
export function editDistance(ref: readonly string[], hyp: readonly string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const sub = prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      row.push(Math.min(sub, prev[j]! + 1, row[j - 1]! + 1));
    }
    prev = row;
  }
  return prev[hyp.length]!;
}

function bag(words: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of words) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}

/** Σ min(ref, hyp) over `ref`'s entries: occurrences heard, order ignored. */
function overlap(ref: Map<string, number>, hyp: Map<string, number>): number {
  let hits = 0;
  for (const [k, n] of ref) hits += Math.min(n, hyp.get(k) ?? 0);
  return hits;
}

const isContent = (w: string): boolean =>
  !STOP_WORDS.has(w.replaceAll("'", '')) && !DIGIT_WORDS.has(w);

/** Raw counts for one call; sum them over calls before dividing (micro-average). */
export interface HearingCounts {
  refWords: number;
  edits: number;
  contentRef: number;
  contentHeard: number;
  keyRef: number;
  keyHeard: number;
  /** Key terms the recogniser produced that the reference does not have (invented evidence). */
  keyInvented: number;
}

/** Compares one hypothesis with its reference. */
export function compareTranscripts(reference: string, hypothesis: string): HearingCounts {
  const ref = spokenWords(reference);
  const hyp = spokenWords(hypothesis);
  const refKeys = countKeyTerms(ref);
  const hypKeys = countKeyTerms(hyp);
  const heard = overlap(refKeys, hypKeys);
  let hypKeyTotal = 0;
  for (const n of hypKeys.values()) hypKeyTotal += n;
  return {
    refWords: ref.length,
    edits: editDistance(ref, hyp),
    contentRef: ref.filter(isContent).length,
    contentHeard: overlap(bag(ref.filter(isContent)), bag(hyp.filter(isContent))),
    keyRef: [...refKeys.values()].reduce((a, b) => a + b, 0),
    keyHeard: heard,
    keyInvented: hypKeyTotal - heard,
  };
}

/** Adds counts (for the totals row). */
export function sumCounts(all: readonly HearingCounts[]): HearingCounts {
  const total: HearingCounts = {
    refWords: 0,
    edits: 0,
    contentRef: 0,
    contentHeard: 0,
    keyRef: 0,
    keyHeard: 0,
    keyInvented: 0,
  };
  for (const c of all)
    for (const k of Object.keys(total) as (keyof HearingCounts)[]) total[k] += c[k];
  return total;
}

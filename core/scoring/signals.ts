/**
 * Rule hits → report signals, and the confidence of a score. Pure: no runtime-specific imports.
 */
import type { Signal } from '../schemas/report';
import { clamp01, round4, type Thresholds } from '../thresholds';
import type { RuleHit } from './rule-types';
import { isCounterSignal, type SeverityName } from './taxonomy';

const SEVERITY_RANK: Record<SeverityName, number> = { high: 0, medium: 1, low: 2 };

/** One signal per matched rule, quoting its first match; scam signals first, strongest first. */
export function signalsFromHits(transcript: string, hits: readonly RuleHit[]): Signal[] {
  const ordered = [...hits].sort((a, b) => {
    const ca = isCounterSignal(a.rule.category) ? 1 : 0;
    const cb = isCounterSignal(b.rule.category) ? 1 : 0;
    if (ca !== cb) return ca - cb;
    const sev = SEVERITY_RANK[a.rule.severity] - SEVERITY_RANK[b.rule.severity];
    return sev !== 0 ? sev : a.start - b.start;
  });
  return ordered.map((hit) => {
    const signal: Signal = {
      category: hit.rule.category,
      detail: hit.rule.detail,
      severity: hit.rule.severity,
      evidence: { text: transcript.slice(hit.start, hit.end), start: hit.start, end: hit.end },
    };
    if (isCounterSignal(hit.rule.category)) signal.counter = true;
    return signal;
  });
}

/**
 * Confidence in the verdict: high when the score sits far from every threshold and the
 * transcript is long enough to judge; a 10-word snippet never gets full confidence.
 */
export function confidenceFor(score: number, words: number, thresholds: Thresholds): number {
  const s = clamp01(score);
  const margin = Math.min(
    Math.abs(s - thresholds.suspicious),
    Math.abs(s - thresholds.likelyScam),
    Math.abs(s - thresholds.scam),
  );
  // Saturates once the score is 0.2 away from the nearest line.
  const separation = Math.min(1, margin / 0.2);
  const evidence = Math.min(1, words / 60);
  return round4(clamp01(0.35 + 0.45 * separation + 0.2 * evidence));
}

/** Word counts of a transcript; see {@link wordCounts}. */
export interface WordCounts {
  /** Runs of characters other than space, tab, CR and LF (what confidence and fusion use). */
  words: number;
  /**
   * Runs of non-whitespace in the JavaScript sense (`\s`: also NBSP, form feed, U+2028…), i.e.
   * `text.trim().split(/\s+/).length` for a non-blank text, 0 for a blank one (the summary's).
   */
  fields: number;
}

// Code units `\s` matches beyond the ASCII ones (9–13, 32).
const UNICODE_SPACES: ReadonlySet<number> = new Set([
  0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

/** Both word counts in one pass and without allocating: a 10k-character call has ~1,800 words. */
export function wordCounts(text: string): WordCounts {
  let words = 0;
  let fields = 0;
  let inWord = false;
  let inField = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Fast path: printable ASCII and most other text is neither kind of space.
    if (c > 32 && c < 0xa0) {
      if (!inWord) words += 1;
      if (!inField) fields += 1;
      inWord = inField = true;
      continue;
    }
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (!space && !inWord) words += 1;
    inWord = !space;
    const blank = space || c === 11 || c === 12 || (c >= 0xa0 && UNICODE_SPACES.has(c));
    if (!blank && !inField) fields += 1;
    inField = !blank;
  }
  return { words, fields };
}

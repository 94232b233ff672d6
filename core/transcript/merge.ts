/**
 * The running transcript of a live call, built from windows decoded with context.
 *
 * Each chunk is sent to the sidecar with the trailing seconds of the call before it
 * (`context_ms`), so the recogniser hears words cut at the chunk's edge whole and the sentence
 * around them. The window's words overlap what the call's transcript already holds; this
 * module decides which words stand. Everything before `split − reviseMs` is kept as it was
 * (it was heard with context on both sides already); from there on the new decode replaces
 * the old one, since it has heard what followed. Pure: no runtime APIs.
 */
import type { Word } from '../schemas/sidecar-protocol';

/** A word of the call, times in ms from the start of the call. */
export type CallWord = Word;

/** One decoded window, as the sidecar returned it. */
export interface DecodedWindow {
  /** Where the window's audio starts in the call (ms). */
  offsetMs: number;
  /** Context length: the new chunk starts this far into the window (`context_ms`). */
  splitMs: number;
  /** The window's words, times in ms from the start of the window (the sidecar's `words`). */
  words: readonly Word[];
}

/** How far back before the split the new decode may rewrite words (ms). */
export const DEFAULT_REVISE_MS = 2_000;

const midpoint = (w: Word): number => (w.start_ms + w.end_ms) / 2;
/**
 * Two decodes place the same word a little differently; the same word on both sides of the cut
 * with less than this between them is one word, not a repetition.
 */
const SAME_WORD_GAP_MS = 200;

/**
 * Merges a decoded window into the running transcript and returns the new transcript (the
 * inputs are not changed). The rewrite never reaches before the window's own start, so audio
 * the window did not hear is never dropped. The same word on both sides of the cut, (nearly)
 * touching, is kept once.
 */
export function mergeWindow(
  running: readonly CallWord[],
  window: DecodedWindow,
  reviseMs: number = DEFAULT_REVISE_MS,
): CallWord[] {
  const cut = window.offsetMs + Math.max(0, window.splitMs - Math.max(0, reviseMs));
  const kept = running.filter((w) => midpoint(w) < cut);
  const fresh = window.words
    .map((w) => ({
      word: w.word,
      start_ms: w.start_ms + window.offsetMs,
      end_ms: w.end_ms + window.offsetMs,
    }))
    .filter((w) => midpoint(w) >= cut);
  const last = kept.at(-1);
  const first = fresh[0];
  if (last && first && last.word === first.word && first.start_ms < last.end_ms + SAME_WORD_GAP_MS)
    fresh.shift();
  return [...kept, ...fresh];
}

/** The transcript's text: its words joined by single spaces. */
export function transcriptText(words: readonly CallWord[]): string {
  return words.map((w) => w.word).join(' ');
}

/** Words that start at or after `fromMs` (what a chunk added, for its partial result). */
export function wordsSince(words: readonly CallWord[], fromMs: number): CallWord[] {
  return words.filter((w) => w.start_ms >= fromMs);
}

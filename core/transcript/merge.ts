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
  /**
   * Where the sidecar began decoding, ms into the window (its `context.decoded_from_ms`: it
   * skips context beyond its own MAX_CONTEXT_MS). Running words before it are never dropped.
   */
  decodedFromMs?: number;
  /**
   * How far into the call the running transcript has heard (ms). Less than the split when a
   * chunk before this one could not be transcribed: the hole is then taken from this decode,
   * which heard that audio as context, instead of staying empty.
   */
  heardUntilMs?: number;
}

/**
 * How far back before the split the new decode may rewrite words (ms): one live chunk (both
 * protocols send 5 s). A chunk's words are first decoded with no audio after them; the next
 * window hears them again with the chunk that followed, and the recogniser's choice changes
 * anywhere in the chunk, not only at its edge. The Medicare robocall at 16 kHz: its second
 * chunk, decoded alone with its context, gives "i'm help guide a recorded line"; the third
 * window hears the same second, 2.7 s before its split, as "i'm an medicare health". With a
 * 2 s margin that word was never taken back.
 */
export const DEFAULT_REVISE_MS = 5_000;

const midpoint = (w: Word): number => (w.start_ms + w.end_ms) / 2;
/**
 * Two decodes place the same word a little differently; the same word on both sides of the cut
 * with less than this between them is one word, not a repetition.
 */
const SAME_WORD_GAP_MS = 200;

/**
 * Merges a decoded window into the running transcript and returns the new transcript (the
 * inputs are not changed). The new decode takes over `reviseMs` before the split, or before
 * the end of what was heard when that is earlier (a chunk that failed). The rewrite never
 * reaches before what the window decoded, so audio it did not hear is never dropped. The same
 * word on both sides of the cut, (nearly) touching, is kept once.
 */
export function mergeWindow(
  running: readonly CallWord[],
  window: DecodedWindow,
  reviseMs: number = DEFAULT_REVISE_MS,
): CallWord[] {
  const split = window.offsetMs + window.splitMs;
  const heardUntil = Math.min(split, window.heardUntilMs ?? split);
  const decodedFrom = window.offsetMs + Math.max(0, window.decodedFromMs ?? 0);
  const cut = Math.max(decodedFrom, heardUntil - Math.max(0, reviseMs));
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

/**
 * One live chunk's decode merged into the running transcript ({@link mergeWindow}), with the
 * words the chunk added: those from where the call had been heard up to (the chunk's start,
 * or earlier when a chunk before it failed and this decode filled the hole).
 */
export function mergeChunk(
  running: readonly CallWord[],
  window: DecodedWindow,
  reviseMs: number = DEFAULT_REVISE_MS,
): { words: CallWord[]; added: CallWord[] } {
  const split = window.offsetMs + window.splitMs;
  const words = mergeWindow(running, window, reviseMs);
  return { words, added: wordsSince(words, Math.min(split, window.heardUntilMs ?? split)) };
}

/** The transcript's text: its words joined by single spaces. */
export function transcriptText(words: readonly CallWord[]): string {
  return words.map((w) => w.word).join(' ');
}

/** Words that start at or after `fromMs` (what a chunk added, for its partial result). */
export function wordsSince(words: readonly CallWord[], fromMs: number): CallWord[] {
  return words.filter((w) => w.start_ms >= fromMs);
}

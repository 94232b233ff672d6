/**
 * Parser for the `-ctm` file `pocketsphinx_batch` writes: one line per token,
 * `uttid channel start duration word confidence`, times in seconds of the audio the decoder was
 * given, confidence the word's posterior probability in the decoding lattice. Fillers and
 * alternate-pronunciation markers are dropped.
 */

/** A word, the decoder frames [start, end) it covers, and its posterior probability. */
export interface FrameWord {
  word: string;
  startFrame: number;
  endFrame: number;
  confidence: number;
}

/** Decoder frames per second (pocketsphinx's default `-frate`). */
export const FRAMES_PER_SECOND = 100;

/** True for tokens that are not words: <s>, </s>, <sil>, [NOISE], ++BREATH++ and the like. */
function isFiller(token: string): boolean {
  return /^(<.*>|\[.*\]|\+\+.*\+\+|\+.*\+)$/.test(token);
}

/** `word(2)` → `word`: pocketsphinx marks alternate pronunciations that way. */
function cleanWord(token: string): string {
  return token.replace(/\(\d+\)$/, '').toLowerCase();
}

/** Parses a CTM file; tolerant of blank or malformed lines (they yield nothing). */
export function parseCtm(text: string): FrameWord[] {
  const words: FrameWord[] = [];
  for (const line of text.split('\n')) {
    const [, , start, duration, token, confidence] = line.trim().split(/\s+/);
    const startS = Number(start);
    const durationS = Number(duration);
    if (!token || !Number.isFinite(startS) || !Number.isFinite(durationS) || isFiller(token)) {
      continue;
    }
    const word = cleanWord(token);
    const p = Number(confidence);
    if (!word) continue;
    const startFrame = Math.round(startS * FRAMES_PER_SECOND);
    words.push({
      word,
      startFrame,
      endFrame: Math.max(startFrame, Math.round((startS + durationS) * FRAMES_PER_SECOND)),
      confidence: Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0,
    });
  }
  // pocketsphinx writes CTM in lattice order, not always in time order.
  return words.sort((a, b) => a.startFrame - b.startFrame);
}

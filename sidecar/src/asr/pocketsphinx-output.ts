/**
 * Parser for the `-hypseg` file `pocketsphinx_batch` writes: one line per utterance,
 * `uttid S scale T total A acoustic L lm` followed by `frame acoustic lm word` per token and
 * the final frame. A token ends where the next one begins. We drop fillers and alternate-
 * pronunciation markers; frames are 10 ms of the audio the decoder was given.
 */

/** A word and the decoder frames [start, end) it covers. */
export interface FrameWord {
  word: string;
  startFrame: number;
  endFrame: number;
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

/** Index of the first token after the `S _ T _ A _ L _` header, or -1. */
function bodyStart(tokens: readonly string[]): number {
  const l = tokens.indexOf('L');
  return l > 0 && tokens[l - 2] === 'A' ? l + 2 : -1;
}

/** Parses a hypseg file; tolerant of blank or malformed lines (they yield nothing). */
export function parseHypseg(text: string): FrameWord[] {
  const words: FrameWord[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    const start = bodyStart(tokens);
    if (start < 0) continue;
    const body = tokens.slice(start);
    // Each token needs the next token's start (or the final frame) to know where it ends.
    for (let i = 0; i + 4 < body.length; i += 4) {
      const startFrame = Number(body[i]);
      const endFrame = Number(body[i + 4]);
      const token = body[i + 3]!;
      if (!Number.isInteger(startFrame) || !Number.isInteger(endFrame)) continue;
      if (isFiller(token)) continue;
      const word = cleanWord(token);
      if (word) words.push({ word, startFrame, endFrame: Math.max(startFrame, endFrame) });
    }
  }
  return words;
}

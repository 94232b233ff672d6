/**
 * Parser for `pocketsphinx_continuous -time yes` output. Each utterance prints a hypothesis
 * line, then one `word start end posterior` line per token framed by `<s>`/`</s>`. We build
 * segments from the timed tokens, drop fillers and alternate-pronunciation markers, and take a
 * segment's confidence as the mean posterior of its words (when the output has them).
 */
import type { Segment } from '#core/schemas/sidecar-protocol';

const TIMED_LINE =
  /^(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?:\s+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?))?$/i;

/**
 * A pause at least this long ends a segment. The lattice pass (`-bestpath yes`) reports the
 * whole recording as one utterance with `<sil>` tokens where the speaker paused; phrases are
 * the stretches between the longer pauses.
 */
const SEGMENT_PAUSE_S = 0.2;

/** True for tokens that are not words: <s>, </s>, <sil>, [NOISE], ++BREATH++ and the like. */
function isFiller(token: string): boolean {
  return /^(<.*>|\[.*\]|\+\+.*\+\+|\+.*\+)$/.test(token);
}

/** `word(2)` → `word`: pocketsphinx marks alternate pronunciations that way. */
function cleanWord(token: string): string {
  return token.replace(/\(\d+\)$/, '');
}

/** Parses stdout into segments (utterances, split at long pauses); tolerant of unknown lines. */
export function parsePocketsphinxOutput(stdout: string): Segment[] {
  const segments: Segment[] = [];
  let words: string[] = [];
  let posteriors: number[] = [];
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (words.length > 0) {
      const segment: Segment = {
        start_ms: Math.round(start * 1000),
        end_ms: Math.round(end * 1000),
        text: words.join(' '),
      };
      // Posteriors a hair over 1 are rounding in pocketsphinx's log arithmetic.
      if (posteriors.length === words.length)
        segment.confidence =
          Math.round(Math.min(1, posteriors.reduce((a, b) => a + b, 0) / words.length) * 1000) /
          1000;
      segments.push(segment);
    }
    words = [];
    posteriors = [];
    start = -1;
    end = -1;
  };
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    const m = TIMED_LINE.exec(line);
    if (!m) continue;
    const token = m[1]!;
    if (token === '<s>') {
      close();
      continue;
    }
    if (token === '</s>') {
      close();
      continue;
    }
    if (isFiller(token)) {
      if (token === '<sil>' && Number(m[3]) - Number(m[2]) >= SEGMENT_PAUSE_S) close();
      continue;
    }
    const word = cleanWord(token).toLowerCase();
    if (!word) continue;
    if (start < 0) start = Number(m[2]);
    end = Math.max(end, Number(m[3]));
    words.push(word);
    const posterior = Number(m[4]);
    if (m[4] !== undefined && Number.isFinite(posterior) && posterior >= 0)
      posteriors.push(posterior);
  }
  close();
  return segments;
}

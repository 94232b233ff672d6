/**
 * Parser for `pocketsphinx_continuous -time yes` output. Each utterance prints a hypothesis
 * line, then one `word start end confidence` line per token framed by `<s>`/`</s>`. We build
 * segments from the timed tokens and drop fillers and alternate-pronunciation markers.
 */
import type { Segment } from '#core/schemas/sidecar-protocol';

const TIMED_LINE =
  /^(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?:\s+-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)?$/i;

/** True for tokens that are not words: <s>, </s>, <sil>, [NOISE], ++BREATH++ and the like. */
function isFiller(token: string): boolean {
  return /^(<.*>|\[.*\]|\+\+.*\+\+|\+.*\+)$/.test(token);
}

/** `word(2)` → `word`: pocketsphinx marks alternate pronunciations that way. */
function cleanWord(token: string): string {
  return token.replace(/\(\d+\)$/, '');
}

/** Parses stdout into segments (one per utterance); tolerant of unknown lines. */
export function parsePocketsphinxOutput(stdout: string): Segment[] {
  const segments: Segment[] = [];
  let words: string[] = [];
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (words.length > 0) {
      segments.push({
        start_ms: Math.round(start * 1000),
        end_ms: Math.round(end * 1000),
        text: words.join(' '),
      });
    }
    words = [];
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
    if (isFiller(token)) continue;
    const word = cleanWord(token).toLowerCase();
    if (!word) continue;
    if (start < 0) start = Number(m[2]);
    end = Math.max(end, Number(m[3]));
    words.push(word);
  }
  close();
  return segments;
}

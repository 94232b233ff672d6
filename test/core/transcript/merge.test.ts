import { describe, expect, it } from 'vitest';
import type { Word } from '#core/schemas/sidecar-protocol';
import { mergeChunk, mergeWindow, transcriptText, wordsSince } from '#core/transcript/merge';

/** Words from "word@start-end" shorthand (ms). */
const w = (...specs: string[]): Word[] =>
  specs.map((s) => {
    const [word, times] = s.split('@') as [string, string];
    const [start, end] = times.split('-').map(Number) as [number, number];
    return { word, start_ms: start, end_ms: end };
  });

describe('mergeWindow', () => {
  it('appends the new chunk of the first window with no context', () => {
    const merged = mergeWindow([], {
      offsetMs: 0,
      splitMs: 0,
      words: w('this@100-300', 'is@300-500', 'the@500-600', 'irs@700-1200'),
    });
    expect(transcriptText(merged)).toBe('this is the irs');
  });

  it('lets the decode with right context rewrite the last seconds before the split', () => {
    // Chunk 0 (0–5 s) ended mid-word: "social" was heard as "so she".
    const running = w('your@3000-3300', 'so@4200-4500', 'she@4500-4990');
    // Window 2–10 s (context 3 s): times relative to 2 s.
    const merged = mergeWindow(running, {
      offsetMs: 2_000,
      splitMs: 3_000,
      words: w(
        'your@1000-1300',
        'social@2200-2800',
        'security@2800-3400',
        'number@3400-3800',
        'has@4000-4200',
      ),
    });
    expect(transcriptText(merged)).toBe('your social security number has');
    expect(merged.map((x) => x.start_ms)).toEqual([3000, 4200, 4800, 5400, 6000]);
  });

  it('keeps what the window did not hear and words before the revision margin', () => {
    const running = w('hello@100-400', 'this@5000-5300', 'is@5300-5500');
    const merged = mergeWindow(
      running,
      {
        offsetMs: 4_000,
        splitMs: 6_000,
        words: w('this@1000-1300', 'is@1300-1500', 'bob@6100-6500'),
      },
      2_000,
    );
    // The cut is at 4 + 6 − 2 = 8 s: every earlier running word stays, the new word joins.
    expect(transcriptText(merged)).toBe('hello this is bob');
  });

  it('never rewrites before the window start, even with a margin longer than the context', () => {
    const running = w('early@500-900', 'late@2500-2900');
    const merged = mergeWindow(
      running,
      { offsetMs: 2_000, splitMs: 1_000, words: w('eight@400-900', 'new@1200-1500') },
      5_000,
    );
    expect(transcriptText(merged)).toBe('early eight new');
  });

  it('lets the next window re-decide the whole chunk before it by default', () => {
    // The Medicare robocall at 16 kHz: chunk 5–10 s, decoded with nothing after it, heard
    // "help guide"; the window up to 15 s, hearing what followed, "an medicare health" 2.7 s
    // before its split, earlier than a 2 s margin reaches.
    const running = w('i@5710-5900', "i'm@6970-7150", 'help@7840-8200', 'guide@8300-8800');
    const window = {
      offsetMs: 0,
      splitMs: 10_000,
      words: w(
        'i@5710-5900',
        "i'm@6970-7150",
        'an@7180-7290',
        'medicare@7300-7800',
        'health@7840-8300',
        'you@9990-10300',
      ),
    };
    expect(transcriptText(mergeWindow(running, window))).toBe("i i'm an medicare health you");
    expect(transcriptText(mergeWindow(running, window, 2_000))).not.toContain('medicare');
  });

  it('keeps a word repeated across the cut once', () => {
    const running = w('press@8500-8950');
    const merged = mergeWindow(
      running,
      { offsetMs: 0, splitMs: 10_000, words: w('press@8980-9400', 'one@9400-9800') },
      1_000,
    );
    expect(transcriptText(merged)).toBe('press one');
  });

  it('keeps running words the sidecar skipped (context beyond its MAX_CONTEXT_MS)', () => {
    const running = w('old@1000-1400', 'words@9000-9400');
    // Window 0–20 s, split at 15 s, but the sidecar decoded only from 10 s.
    const merged = mergeWindow(running, {
      offsetMs: 0,
      splitMs: 15_000,
      decodedFromMs: 10_000,
      words: w('heard@14000-14400', 'new@15500-15900'),
    });
    expect(transcriptText(merged)).toBe('old words heard new');
  });

  it('fills the hole a failed chunk left from the next decode, which heard it as context', () => {
    // Chunk 0–5 s heard; chunk 5–10 s failed (nothing merged); chunk 10–15 s with 10 s context.
    const running = w('your@1000-1400', 'account@3500-4200');
    const merged = mergeWindow(running, {
      offsetMs: 0,
      splitMs: 10_000,
      heardUntilMs: 5_000,
      words: w(
        'your@1000-1400',
        'account@3500-4200',
        'is@5600-5800',
        'suspended@6000-6800',
        'today@10200-10700',
      ),
    });
    expect(transcriptText(merged)).toBe('your account is suspended today');
  });

  it('does not change its inputs', () => {
    const running = w('a@0-100');
    const windowWords = w('b@0-100');
    mergeWindow(running, { offsetMs: 1000, splitMs: 0, words: windowWords });
    expect(running).toEqual(w('a@0-100'));
    expect(windowWords).toEqual(w('b@0-100'));
  });
});

describe('mergeChunk', () => {
  it("says what the chunk added: its own words, and a failed chunk's hole it filled", () => {
    const running = w('hello@500-900');
    const alone = mergeChunk(running, {
      offsetMs: 0,
      splitMs: 5_000,
      words: w('hello@500-900', 'there@4000-4500', 'friend@5200-5600'),
    });
    expect(transcriptText(alone.words)).toBe('hello there friend');
    expect(transcriptText(alone.added)).toBe('friend');
    const filled = mergeChunk(running, {
      offsetMs: 0,
      splitMs: 10_000,
      heardUntilMs: 5_000,
      words: w('hello@500-900', 'gift@6000-6400', 'cards@6400-6900', 'now@10100-10400'),
    });
    expect(transcriptText(filled.added)).toBe('gift cards now');
  });
});

describe('wordsSince', () => {
  it('returns the words a chunk added', () => {
    expect(transcriptText(wordsSince(w('a@0-100', 'b@5000-5100', 'c@6000-6100'), 5000))).toBe(
      'b c',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Word } from '#core/schemas/sidecar-protocol';
import { mergeWindow, transcriptText, wordsSince } from '#core/transcript/merge';

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

  it('keeps a word repeated across the cut once', () => {
    const running = w('press@8500-8950');
    const merged = mergeWindow(
      running,
      { offsetMs: 0, splitMs: 10_000, words: w('press@8980-9400', 'one@9400-9800') },
      1_000,
    );
    expect(transcriptText(merged)).toBe('press one');
  });

  it('does not change its inputs', () => {
    const running = w('a@0-100');
    const windowWords = w('b@0-100');
    mergeWindow(running, { offsetMs: 1000, splitMs: 0, words: windowWords });
    expect(running).toEqual(w('a@0-100'));
    expect(windowWords).toEqual(w('b@0-100'));
  });
});

describe('wordsSince', () => {
  it('returns the words a chunk added', () => {
    expect(transcriptText(wordsSince(w('a@0-100', 'b@5000-5100', 'c@6000-6100'), 5000))).toBe(
      'b c',
    );
  });
});

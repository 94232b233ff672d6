import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAR_MODEL, CHAR_MODEL_DIM, charFeatures, charModelScore } from '#core/scoring/char-model';
import { charModelLift, RULES_FROM } from '#core/scoring/char-model-fuse';
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';

// A scam-bait opening written for this test: the caller claims Microsoft and reports a
// problem, nothing is asked yet, so the rules (v3) hold it at 0.25.
const TECH_OPENING =
  'hello yes sir this is microsoft windows department we got a notification your computer is sending error messages okay sir';

describe('character n-gram model', () => {
  it('hashes into two blocks, each of unit length, the same way every time', () => {
    const a = charFeatures('Hello, this is your bank calling about your card.');
    const b = charFeatures('Hello, this is your bank calling about your card.');
    expect([...a.cols]).toEqual([...b.cols]);
    expect([...a.vals]).toEqual([...b.vals]);
    let words = 0;
    let chars = 0;
    a.cols.forEach((c, i) => {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(CHAR_MODEL_DIM);
      if (c < CHAR_MODEL_DIM / 2) words += a.vals[i]! ** 2;
      else chars += a.vals[i]! ** 2;
    });
    expect(words).toBeCloseTo(1, 6);
    expect(chars).toBeCloseTo(1, 6);
    expect(charFeatures('').cols.length).toBe(0);
  });

  it('lifts only from warnFrom, only where the rules saw something, never over a counter-signal', () => {
    const t = DEFAULT_THRESHOLDS;
    const w = CHAR_MODEL.warnFrom;
    expect(charModelLift(0.25, w - 0.001, w, 0, t)).toBe(0);
    expect(charModelLift(RULES_FROM - 0.01, 1, w, 0, t)).toBe(0);
    expect(charModelLift(0.25, 1, w, 1, t)).toBe(0);
    expect(charModelLift(0.25, w, w, 0, t)).toBeCloseTo(t.suspicious, 10);
    expect(charModelLift(0.25, 1, w, 0, t)).toBeCloseTo(t.likelyScam, 10);
    expect(charModelLift(0.25, (w + 1) / 2, w, 0, t)).toBeLessThan(t.likelyScam);
  });

  it('warns on a claimed-company opening the rules hold under SUSPICIOUS, quoting its words', () => {
    expect(scoreTranscript(TECH_OPENING, { charModel: false }).verdict).toBe('SAFE');
    const a = scoreTranscript(TECH_OPENING);
    expect(a.verdict).toBe('SUSPICIOUS');
    const signal = a.signals.find((s) => s.detail.startsWith('Character n-gram model'));
    expect(signal?.category).toBe('LANGUAGE_MODEL');
    const ev = signal!.evidence!;
    expect(TECH_OPENING.slice(ev.start, ev.end)).toBe(ev.text);
    expect(ev.text.split(' ').length).toBeGreaterThan(1);
    expect(charModelScore(TECH_OPENING).probability).toBeGreaterThanOrEqual(CHAR_MODEL.warnFrom);
  });

  it('ships a small weights file', () => {
    const size = statSync(
      new URL('../../../core/scoring/char-model-weights.json', import.meta.url),
    ).size;
    expect(size).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(CHAR_MODEL.warnFrom).toBeGreaterThan(0.5);
    expect(CHAR_MODEL.warnFrom).toBeLessThan(1);
  });
});

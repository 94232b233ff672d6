import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAR_MODEL, CHAR_MODEL_DIM, charFeatures, charModelScore } from '#core/scoring/char-model';
import {
  CHAR_MIN_WORDS,
  type CharFusion,
  fusedScore,
  SHORT_WORDS,
} from '#core/scoring/char-model-fuse';
import { scoreTranscript } from '#core/scoring/index';

// A scam-bait opening written for this test: the caller claims Microsoft and reports a
// problem, nothing is asked yet, so the rules (v3) hold it at 0.25.
const NONE = { counter: false, shape: false };

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

  it('fuses both models on the log-odds scale, with terms of its own for openings', () => {
    const f: CharFusion = {
      bias: 0,
      char: 1,
      v3: 0.5,
      counter: -1,
      shape: 2,
      short: 0.25,
      charShort: -0.5,
      v3Short: 0,
    };
    const logit = (p: number) => Math.log(p / (1 - p));
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(fusedScore(0.9, 0.5, SHORT_WORDS, NONE, f)).toBeCloseTo(0.9, 10);
    expect(fusedScore(0.9, 0.8, SHORT_WORDS, NONE, f)).toBeCloseTo(
      sigmoid(logit(0.9) + 0.5 * logit(0.8)),
      10,
    );
    // An opening: the short terms apply.
    expect(fusedScore(0.9, 0.5, SHORT_WORDS - 1, NONE, f)).toBeCloseTo(
      sigmoid(0.5 * logit(0.9) + 0.25),
      10,
    );
    // A counter-signal and a scam shape move the score by their own weights.
    expect(fusedScore(0.9, 0.5, SHORT_WORDS, { counter: true, shape: false }, f)).toBeCloseTo(
      sigmoid(logit(0.9) - 1),
      10,
    );
    expect(fusedScore(0.9, 0.5, SHORT_WORDS, { counter: false, shape: true }, f)).toBeCloseTo(
      sigmoid(logit(0.9) + 2),
      10,
    );
    // Under CHAR_MIN_WORDS the model abstains: the score is v3's.
    expect(fusedScore(0.99, 0.2, CHAR_MIN_WORDS - 1, NONE, f)).toBe(0.2);
    // Extreme inputs stay finite and inside (0, 1).
    for (const p of [0, 1]) {
      const s = fusedScore(p, p, 100, NONE, CHAR_MODEL.fusion);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
  });

  it('ships a fusion in which both models and the counter-signals have their say', () => {
    const f = CHAR_MODEL.fusion;
    expect(f.char).toBeGreaterThan(0);
    expect(f.v3).toBeGreaterThan(0);
    expect(f.counter).toBeLessThan(0);
    // Monotone in each model, whole call and opening alike.
    for (const words of [CHAR_MIN_WORDS, SHORT_WORDS]) {
      expect(fusedScore(0.8, 0.5, words, NONE, f)).toBeGreaterThan(
        fusedScore(0.6, 0.5, words, NONE, f),
      );
      expect(fusedScore(0.5, 0.8, words, NONE, f)).toBeGreaterThan(
        fusedScore(0.5, 0.6, words, NONE, f),
      );
    }
  });

  it('warns on a claimed-company opening the rules hold under SUSPICIOUS, quoting its words', () => {
    expect(scoreTranscript(TECH_OPENING, { charModel: false }).verdict).toBe('SAFE');
    const a = scoreTranscript(TECH_OPENING);
    expect(a.verdict).not.toBe('SAFE');
    const signal = a.signals.find((s) => s.detail.startsWith('Character n-gram model'));
    expect(signal?.category).toBe('LANGUAGE_MODEL');
    const ev = signal!.evidence!;
    expect(TECH_OPENING.slice(ev.start, ev.end)).toBe(ev.text);
    expect(ev.text.split(' ').length).toBeGreaterThan(1);
    expect(charModelScore(TECH_OPENING).probability).toBeGreaterThan(0.5);
  });

  it('ships a small weights file', () => {
    const size = statSync(
      new URL('../../../core/scoring/char-model-weights.json', import.meta.url),
    ).size;
    expect(size).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});

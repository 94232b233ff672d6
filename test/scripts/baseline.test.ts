import { describe, expect, it } from 'vitest';
import { baselineScorer } from '../../scripts/lib/baseline/index';
import { balancedWeights, decision, fitLogisticL2 } from '../../scripts/lib/baseline/lbfgs';
import { countText, fitTfidf, GramDictionary, transform } from '../../scripts/lib/baseline/tfidf';
import type { LabelledRow } from '../../scripts/lib/dataset';

describe('baseline features', () => {
  const words = new GramDictionary();
  const chars = new GramDictionary();

  it('counts word 1–2-grams of 2+ characters and padded char 3–5-grams inside words', () => {
    const c = countText('Go NOW now', words, chars);
    const wordGrams = [...c.word.entries()].map(([id, n]) => [ids(words)[id], n]);
    // "go" and "now" are tokens; a one-letter word would not be.
    expect(wordGrams).toEqual([
      ['go', 1],
      ['go now', 1],
      ['now', 2],
      ['now now', 1],
    ]);
    const charGrams = new Map([...c.char.entries()].map(([id, n]) => [ids(chars)[id], n]));
    // " go " is shorter than 5 and 4 → counted once for n = 4 and n = 5; never across words.
    expect(charGrams.get(' go')).toBe(1);
    expect(charGrams.get(' go ')).toBe(2);
    expect(charGrams.get(' now ')).toBe(2);
    expect(charGrams.has('o n')).toBe(false);
  });

  it('keeps n-grams by document frequency and scales each block to unit length', () => {
    const texts = ['pay now', 'pay later', 'hello there'].map((t) => countText(t, words, chars));
    const vocab = fitTfidf(texts, 2, 2);
    // Only "pay" (and its char grams) is in two documents.
    expect(vocab.word.idf.length).toBe(1);
    const row = transform(texts[0]!, vocab);
    const wordPart = [...row.cols].map((c, i) => (c < vocab.word.idf.length ? row.vals[i]! : 0));
    const charPart = [...row.cols].map((c, i) => (c >= vocab.word.idf.length ? row.vals[i]! : 0));
    expect(Math.hypot(...wordPart)).toBeCloseTo(1, 12);
    expect(Math.hypot(...charPart)).toBeCloseTo(1, 12);
  });
});

function ids(d: GramDictionary): string[] {
  const out: string[] = [];
  // The dictionary hands out ids in insertion order; probe the strings seen in these tests.
  for (const g of [
    'go',
    'go now',
    'now',
    'now now',
    ' go',
    ' go ',
    'go ',
    ' no',
    'now',
    'ow ',
    ' now',
    'now ',
    ' now ',
  ])
    out[d.id(g)] = g;
  return out;
}

describe('L-BFGS logistic regression', () => {
  it('reaches the stationary point of ½‖w‖² + C·Σ loss (gradient ~ 0)', () => {
    const rows = [
      { cols: Int32Array.of(0), vals: Float64Array.of(1) },
      { cols: Int32Array.of(0, 1), vals: Float64Array.of(0.5, 1) },
      { cols: Int32Array.of(1), vals: Float64Array.of(1) },
      { cols: Int32Array.of(1), vals: Float64Array.of(0.3) },
    ];
    const labels = [1, 1, 0, 0] as const;
    const weights = balancedWeights([...labels]);
    const m = fitLogisticL2(rows, [...labels], weights, 2, { c: 4, tolerance: 1e-9 });
    const grad = [m.weights[0]!, m.weights[1]!, 0];
    rows.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-decision(m, r)));
      const g = 4 * weights[i]! * (p - labels[i]!);
      r.cols.forEach((c, j) => {
        grad[c]! += g * r.vals[j]!;
      });
      grad[2]! += g;
    });
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-6);
    expect(m.weights[0]!).toBeGreaterThan(0);
    expect(m.weights[1]!).toBeLessThan(0);
  });

  it('weighs the classes so each counts as much in total', () => {
    expect(balancedWeights([1, 0, 0, 0])).toEqual([2, 2 / 3, 2 / 3, 2 / 3]);
  });
});

describe('the trained baseline', () => {
  it('separates the two kinds of call it learned from, deterministically', () => {
    const rows: LabelledRow[] = [
      ['s1', 'scam', 'buy gift cards and read me the numbers now'],
      ['s2', 'scam', 'pay with gift cards today or be arrested'],
      ['s3', 'scam', 'read me the gift card numbers right now'],
      ['h1', 'safe', 'two tickets for the seven pm movie please'],
      ['h2', 'safe', 'a large coffee with oat milk please'],
      ['h3', 'safe', 'can I get tickets for the late movie'],
    ].map(([id, label, transcript]) => ({
      id: id!,
      source: 't',
      label: label as 'scam' | 'safe',
      transcript: transcript!,
    }));
    const a = baselineScorer(rows);
    const b = baselineScorer(rows);
    const scam = 'please buy gift cards now';
    expect(a(scam)).toBeGreaterThan(0.5);
    expect(a('tickets for the movie please')).toBeLessThan(0.5);
    expect(a(scam)).toBe(b(scam));
  });
});

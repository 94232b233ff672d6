import { describe, expect, it } from 'vitest';
import { extractNgrams } from '#core/scoring/features';
import { FILLERS } from '#core/scoring/fillers';
import { MODEL_WEIGHTS, modelScore } from '#core/scoring/model';
import { wordCounts } from '#core/scoring/signals';
import { STOP_WORDS } from '#core/scoring/stop-words';
import { STYLE_WORDS } from '#core/scoring/style-words';

// The features as first written with regexes and strings: the oracle the scanner must equal.
function referenceNgrams(text: string): { gram: string; start: number; end: number }[] {
  const skipped = new Set([...FILLERS, ...STYLE_WORDS]);
  const tokens: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9]+(?:['’][A-Za-z]+)*/g)) {
    const raw = m[0].toLowerCase();
    const word = /[0-9]/.test(raw) ? '#' : raw.replace(/['’]/g, '');
    if (!skipped.has(word)) tokens.push({ word, start: m.index, end: m.index + m[0].length });
  }
  const seen = new Map<string, { gram: string; start: number; end: number }>();
  tokens.forEach((t, i) => {
    const stop = STOP_WORDS.has(t.word);
    if (!stop && !seen.has(t.word)) seen.set(t.word, { gram: t.word, start: t.start, end: t.end });
    const next = tokens[i + 1];
    if (next && !(stop && STOP_WORDS.has(next.word))) {
      const gram = `${t.word} ${next.word}`;
      if (!seen.has(gram)) seen.set(gram, { gram, start: t.start, end: next.end });
    }
  });
  return [...seen.values()];
}

const TEXTS = [
  "Hello, this is Officer O'Brien’s desk. It's 9AM; it's9 you'RE um UH late. Wire $2,000 now!",
  'gift card gift card GIFT CARD uh gift card. the the the of of',
  "x'y'z 1'a1'a don’t'  ’ ' 'twas",
  'Yeah sure, thanks Karen, ma’am: like I said, help me Mr Johnson.',
  'İstanbul ß ﬁle café naïve — İİ gift cards',
  '',
];

describe('n-gram features', () => {
  it('match the regex-and-string definition, spans included', () => {
    for (const text of TEXTS) expect(extractNgrams(text)).toEqual(referenceNgrams(text));
  });

  it('give the model the logit of summing weights over those n-grams in order', () => {
    const table = new Map(MODEL_WEIGHTS.grams.map((g, i) => [g, MODEL_WEIGHTS.values[i]!]));
    for (const text of [...TEXTS, 'we need remote access to your computer and a gift card']) {
      const grams = referenceNgrams(text);
      const value = grams.length === 0 ? 0 : 1 / Math.sqrt(grams.length);
      let logit = MODEL_WEIGHTS.bias;
      for (const g of grams) logit += (table.get(g.gram) ?? 0) * value;
      // Grams without a weight add 0 here and nothing in the scorer: same sum, same order.
      expect(modelScore(text).logit).toBe(logit);
    }
  });
});

describe('word counts', () => {
  it('count summary words exactly like trim().split(/\\s+/) for every UTF-16 unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)}b ${String.fromCharCode(c)}`;
      const expected = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
      if (wordCounts(text).fields !== expected) expect(`U+${c.toString(16)}`).toBe('counted');
    }
  });

  it('split confidence words on space, tab, CR and LF only', () => {
    expect(wordCounts(' a\tb\r\nc\fd\u00a0e ')).toEqual({ words: 3, fields: 5 });
  });
});

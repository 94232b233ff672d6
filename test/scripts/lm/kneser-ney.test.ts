import { describe, expect, it } from 'vitest';
import { buildKneserNey, toArpa } from '../../../scripts/lm/kneser-ney';

const CORPUS = [
  'please press one now',
  'please press two to be removed',
  'press one to speak to an agent',
  'your social security number has been suspended',
  'your order has shipped',
  'your appointment is on tuesday',
  'call us back now',
  'we will call you back',
].map((s) => s.split(' '));

/** Reads ARPA text back into per-order tables of [log10 p, log10 backoff]. */
function readArpa(text: string): Array<Map<string, [number, number]>> {
  const tables: Array<Map<string, [number, number]>> = [];
  let current: Map<string, [number, number]> | null = null;
  for (const line of text.split('\n')) {
    if (/^\\\d-grams:$/.test(line)) {
      current = new Map();
      tables.push(current);
    } else if (current && line.includes('\t')) {
      const [p, key, b] = line.split('\t');
      current.set(key!, [Number(p), b === undefined ? 0 : Number(b)]);
    }
  }
  return tables;
}

/** p(word | history) by ARPA back-off, as pocketsphinx computes it. */
function prob(tables: ReturnType<typeof readArpa>, history: string[], word: string): number {
  const key = [...history, word].join(' ');
  const entry = tables[history.length]!.get(key);
  if (entry) return 10 ** entry[0];
  if (history.length === 0) return 0;
  const backoff = tables[history.length - 1]!.get(history.join(' '))?.[1] ?? 0;
  return 10 ** backoff * prob(tables, history.slice(1), word);
}

describe('interpolated Kneser-Ney trigram', () => {
  const arpa = toArpa(buildKneserNey(CORPUS, { minTrigramCount: 1 }));
  const tables = readArpa(arpa);
  const vocabulary = [...tables[0]!.keys()].filter((w) => w !== '<s>');

  it('gives a proper distribution after every history, seen or not', () => {
    for (const history of [
      [],
      ['press'],
      ['please', 'press'],
      ['your'],
      ['<s>', 'your'],
      ['now'],
      ['agent', 'press'],
    ]) {
      const total = vocabulary.reduce((sum, w) => sum + prob(tables, history, w), 0);
      expect(total, `history "${history.join(' ')}"`).toBeCloseTo(1, 4);
    }
  });

  it('prefers what followed a context in training, and continuation-rich words overall', () => {
    expect(prob(tables, ['please', 'press'], 'one')).toBeGreaterThan(
      prob(tables, ['please', 'press'], 'order'),
    );
    // "back" follows two different words ("us", "you"), "shipped" one: KN ranks "back" higher.
    expect(prob(tables, [], 'back')).toBeGreaterThan(prob(tables, [], 'shipped'));
  });

  it('writes a valid header, <s> with no probability of its own, and identical bytes every time', () => {
    expect(arpa).toMatch(/^\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+\n/);
    expect(tables[0]!.get('<s>')![0]).toBe(-99);
    expect(toArpa(buildKneserNey(CORPUS, { minTrigramCount: 1 }))).toBe(arpa);
  });

  it('leaves out n-grams with unknown words and rare trigrams when asked', () => {
    const withUnk = readArpa(
      toArpa(
        buildKneserNey(
          [
            ['a', '<unk>', 'b'],
            ['a', 'b'],
          ],
          { minTrigramCount: 1 },
        ),
      ),
    );
    expect(withUnk[0]!.has('<unk>')).toBe(true);
    expect([...withUnk[1]!.keys(), ...withUnk[2]!.keys()].some((k) => k.includes('<unk>'))).toBe(
      false,
    );
    const pruned = readArpa(toArpa(buildKneserNey(CORPUS, { minTrigramCount: 2 })));
    expect(pruned[2]!.size).toBeLessThan(tables[2]!.size);
    expect(pruned[2]!.has('please press one')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { DistinctWords } from '#core/scoring/distinct-words';

/** The scan's words as strings: distinct ones with counts, and every occurrence in order. */
function read(w: DistinctWords, text: string) {
  const distinct = Array.from({ length: w.length }, (_, d) => [
    text.slice(w.start[d], w.end[d]),
    w.count[d],
  ]);
  const occurrences = Array.from({ length: w.occurrences }, (_, k) => [
    w.ids[k],
    text.slice(w.at[k], w.at[k]! + (w.end[w.ids[k]!]! - w.start[w.ids[k]!]!)),
  ]);
  return { distinct, occurrences };
}

describe('distinct words', () => {
  it('numbers words by first occurrence and counts repeats, split on every kind of space', () => {
    const text = ' pay the fee\tpay\u00a0the  FEE\npay ';
    const w = new DistinctWords();
    w.scan(text);
    expect(read(w, text)).toEqual({
      distinct: [
        ['pay', 3],
        ['the', 2],
        ['fee', 1],
        ['FEE', 1],
      ],
      occurrences: [
        [0, 'pay'],
        [1, 'the'],
        [2, 'fee'],
        [0, 'pay'],
        [1, 'the'],
        [3, 'FEE'],
        [0, 'pay'],
      ],
    });
  });

  it('starts afresh on each scan, however many words the last one held', () => {
    const w = new DistinctWords();
    const many = Array.from({ length: 3000 }, (_, i) => `w${i % 1500}`).join(' ');
    w.scan(many);
    expect(w.length).toBe(1500);
    expect(w.occurrences).toBe(3000);
    expect([...w.count.subarray(0, w.length)].every((c) => c === 2)).toBe(true);
    w.scan('w7 w7 hello');
    expect(read(w, 'w7 w7 hello').distinct).toEqual([
      ['w7', 2],
      ['hello', 1],
    ]);
    w.scan('');
    expect([w.length, w.occurrences]).toEqual([0, 0]);
  });

  it('empties its table after each scan, so many calls in a row never fill it', () => {
    // Without the emptying, the slots of earlier calls' words pile up until a lookup finds no
    // empty slot (which the scanner reports as an error rather than probing forever).
    const w = new DistinctWords();
    for (let call = 0; call < 50; call++) {
      w.scan(Array.from({ length: 400 }, (_, i) => `c${call}w${i}`).join(' '));
      expect(w.length).toBe(400);
    }
  });
});

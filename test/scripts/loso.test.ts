import { describe, expect, it } from 'vitest';
import { reliability, renderReliability } from '../../scripts/lib/calibration';
import type { LabelledRow } from '../../scripts/lib/dataset';
import { leaveOneSourceOut } from '../../scripts/lib/loso';

const row = (id: string, source: string, label: 'scam' | 'safe', transcript: string) => ({
  id,
  source,
  label,
  transcript,
});

// Two sources, each with a word of its own ("zorblat", "quimbly") that both labels use.
const train: LabelledRow[] = [
  ...Array.from({ length: 6 }, (_, i) =>
    row(`s${i}`, 'seen', i % 2 ? 'scam' : 'safe', i % 2 ? 'zorblat payment now' : 'zorblat movie'),
  ),
  ...Array.from({ length: 6 }, (_, i) =>
    row(`o${i}`, 'other', i % 2 ? 'scam' : 'safe', i % 2 ? 'quimbly payment now' : 'quimbly movie'),
  ),
];
const test: LabelledRow[] = [row('t0', 'other', 'scam', 'quimbly payment now')];
const options = {
  train: { epochs: 3, learningRate: 0.5, l2: 1e-4, seed: 1 },
  minDocs: 1,
  fusion: { bias: 0, rules: 1, model: 5 },
};

describe('leave one source out', () => {
  it('scores every row of the left-out source, from both files, whole and opening', () => {
    const sets = leaveOneSourceOut(train, test, options, { other: ['other'], none: ['absent'] });
    // A group with no rows anywhere is skipped.
    expect(sets.map((s) => s.group)).toEqual(['other']);
    const set = sets[0]!;
    expect(set.rows.map((r) => r.id)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 't0']);
    expect(set.whole).toHaveLength(7);
    expect(set.opening).toHaveLength(7);
    for (const s of [...set.whole, ...set.opening]) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('trains without the left-out source: words only it uses carry no evidence', () => {
    // In "other" the label is carried only by words no other source uses.
    const other = [row('x0', 'other', 'scam', 'flarnish'), row('x1', 'other', 'safe', 'grumbo')];
    const [set] = leaveOneSourceOut([...train, ...other], [], options, { other: ['other'] });
    const score = (id: string) => set!.whole[set!.rows.findIndex((r) => r.id === id)];
    // Unseen words: no evidence either way, so both score what the rules alone say.
    expect(score('x0')).toBe(score('x1'));
  });
});

describe('reliability table', () => {
  it('bins scores, clamps the ends, and gives null for an empty bin', () => {
    const table = reliability(
      [0, 0.05, 0.95, 1, 1.2, -0.1],
      [false, false, true, true, true, false],
    );
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ n: 3, scams: 0, share: 0 });
    expect(table[9]).toMatchObject({ n: 3, scams: 3, share: 1 });
    expect(table[5]).toMatchObject({ n: 0, share: null, mean_score: null });
    const text = renderReliability('t', table);
    expect(text.split('\n')).toHaveLength(12);
    expect(text).toContain('0.9–1.0');
  });
});

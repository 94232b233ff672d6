/**
 * The fingerprint-variant measurement behind docs/campaigns.md ("What else was measured"): how
 * a variant's threshold is chosen, and the sound-alike key it compares.
 */
import { describe, expect, it } from 'vitest';
import { fingerprint, similarity } from '#core/campaigns/fingerprint';
import { readCampaignSet } from '../../../scripts/campaigns/cluster-eval';
import {
  charShingles,
  clusterByMatrix,
  measureVariants,
  scriptWords,
  soundKey,
  type Variant,
} from '../../../scripts/campaigns/variants';

const rows = readCampaignSet();
const SEEDS = [1, 2, 3];

describe('soundKey', () => {
  it('gives misheard words that keep their sounds one key', () => {
    expect(soundKey('record')).toBe(soundKey('recort'));
    expect(soundKey('phone')).toBe(soundKey('fone'));
    expect(soundKey('cancel')).toBe(soundKey('kansel'));
    expect(soundKey('warranty')).not.toBe(soundKey('vehicle'));
    expect(soundKey('#')).toBe('#');
  });
});

describe('scriptWords', () => {
  it('normalises as the fingerprint does, so the exact variant measures the same features', () => {
    const text = "Press one eight three three now, it's your vehicle's warranty";
    const words = scriptWords(text);
    expect(words).toEqual(['press', '#', 'vehicles', 'warranty']);
    const exact = charShingles(words, 4);
    expect(exact.size).toBeGreaterThan(0);
    // Fed back (numbers as digits), the normalised words give the text's own fingerprint.
    const again = words.map((w) => (w === '#' ? '1' : w)).join(' ');
    expect(similarity(fingerprint(text), fingerprint(again))).toBe(1);
  });
});

describe('measureVariants', () => {
  const exact: Variant = {
    name: 'exact Jaccard of 4-char shingles',
    matrix: (set) => {
      const features = set.map((r) => charShingles(scriptWords(r.transcript), 4));
      const n = set.length;
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const a = features[i]!;
          const b = features[j]!;
          const both = [...a].filter((x) => b.has(x)).length;
          out[i * n + j] = a.size && b.size ? both / (a.size + b.size - both) : 0;
        }
      }
      return out;
    },
  };
  const mergedShare = (r: { differentMerged: { hits: number; pairs: number } }) =>
    r.differentMerged.hits / r.differentMerged.pairs;

  it('reads a variant at the lowest threshold merging ≤ 1% of different pairs in every order', () => {
    const [chosen] = measureVariants(rows, [exact], SEEDS);
    expect(chosen!.runs).toHaveLength(SEEDS.length);
    for (const run of chosen!.runs) expect(mergedShare(run)).toBeLessThanOrEqual(0.01);
    // One grid step lower, some order merges more than 1% (else that step would be chosen).
    const lower = Math.round((chosen!.threshold - 0.01) * 100) / 100;
    const matrix = exact.matrix(rows);
    const worst = Math.max(
      ...SEEDS.map((seed) => mergedShare(clusterByMatrix(rows, matrix, seed, lower))),
    );
    expect(worst).toBeGreaterThan(0.01);
  });
});

import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  formatRate,
  metricsBySource,
  type Outcome,
} from '../../scripts/lib/metrics';

const o = (source: string, actualScam: boolean, predictedScam: boolean): Outcome => ({
  source,
  actualScam,
  predictedScam,
});

describe('metrics', () => {
  it('computes recall, FPR, precision and F1 on a hand-made set', () => {
    // 3 TP, 1 FN, 1 FP, 5 TN
    const set = [
      o('a', true, true),
      o('a', true, true),
      o('b', true, true),
      o('b', true, false),
      o('a', false, true),
      ...Array.from({ length: 5 }, () => o('b', false, false)),
    ];
    const m = computeMetrics(set);
    expect(m).toMatchObject({ n: 10, tp: 3, fn: 1, fp: 1, tn: 5 });
    expect(m.recall).toBeCloseTo(0.75);
    expect(m.fpr).toBeCloseTo(1 / 6);
    expect(m.precision).toBeCloseTo(0.75);
    expect(m.f1).toBeCloseTo(0.75);
  });

  it('gives null, not 0 or NaN, for a rate with an empty denominator', () => {
    // Only safe rows: no recall, no precision, no F1; the FPR is defined.
    const safeOnly = computeMetrics([o('x', false, false)]);
    expect(safeOnly.recall).toBeNull();
    expect(safeOnly.precision).toBeNull();
    expect(safeOnly.f1).toBeNull();
    expect(safeOnly.fpr).toBe(0);
    // Only scam rows: no FPR; recall, precision and F1 are defined.
    const scamOnly = computeMetrics([o('x', true, true), o('x', true, false)]);
    expect(scamOnly.fpr).toBeNull();
    expect(scamOnly.recall).toBe(0.5);
    expect(scamOnly.precision).toBe(1);
    expect(computeMetrics([]).n).toBe(0);
  });

  it('gives F1 0 when scams exist and none is caught', () => {
    const m = computeMetrics([o('x', true, false), o('x', false, true)]);
    expect(m.recall).toBe(0);
    expect(m.precision).toBe(0);
    expect(m.f1).toBe(0);
  });

  it('formats an undefined rate as a dash', () => {
    expect(formatRate(null)).toBe('–');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(0.9765)).toBe('97.7%');
  });

  it('splits by source in sorted order and keeps the overall figure', () => {
    const r = metricsBySource([
      o('zeta', true, false),
      o('alpha', false, true),
      o('alpha', true, true),
    ]);
    expect(Object.keys(r.by_source)).toEqual(['alpha', 'zeta']);
    expect(r.by_source.alpha?.fpr).toBe(1);
    expect(r.by_source.zeta?.recall).toBe(0);
    expect(r.overall.n).toBe(3);
    expect(r.overall.recall).toBeCloseTo(0.5);
  });
});

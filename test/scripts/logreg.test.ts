import { describe, expect, it } from 'vitest';
import {
  type Example,
  fitSmallLogReg,
  logitOf,
  seededRandom,
  trainLogReg,
} from '../../scripts/lib/logreg';
import { foldOf } from '../../scripts/lib/train-data';

const ex = (features: number[], label: 0 | 1): Example => ({
  features: Uint32Array.from(features),
  value: 1 / Math.sqrt(features.length),
  label,
  weight: 1,
});

const DATA = [ex([0, 2], 1), ex([0, 3], 1), ex([1, 2], 0), ex([1, 3], 0)];
const OPTS = { dim: 4, epochs: 20, learningRate: 0.5, l2: 1e-4, seed: 7 };

describe('training helpers', () => {
  it('learns a separable problem', () => {
    const m = trainLogReg(DATA, OPTS);
    expect(m.weights[0]).toBeGreaterThan(0);
    expect(m.weights[1]).toBeLessThan(0);
    for (const e of DATA) expect(logitOf(m, e) > 0).toBe(e.label === 1);
  });

  it('is deterministic for a seed', () => {
    expect(Array.from(trainLogReg(DATA, OPTS).weights)).toEqual(
      Array.from(trainLogReg(DATA, OPTS).weights),
    );
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('fits a small logistic regression with an offset', () => {
    const xs = [[-2], [-1], [1], [2], [-0.5], [0.5]];
    const ys: (0 | 1)[] = [0, 0, 1, 1, 1, 0];
    const [c, b] = fitSmallLogReg(
      xs,
      ys,
      xs.map(() => 1),
    );
    expect(b).toBeGreaterThan(0);
    expect(Math.abs(c ?? 1)).toBeLessThan(0.5);
  });

  it('holds the intercept at 0 when asked, fitting the slope alone', () => {
    // Labels with a base rate of 3/4: a free fit puts that into the intercept.
    const xs = [[-1], [1], [0], [0], [2], [-2], [0], [0]];
    const ys: (0 | 1)[] = [0, 1, 1, 1, 1, 0, 1, 0];
    const weights = xs.map(() => 1);
    const [c, b] = fitSmallLogReg(xs, ys, weights, [], 1e-2, 50, false);
    expect(c).toBe(0);
    expect(b).toBeGreaterThan(0);
    const [free] = fitSmallLogReg(xs, ys, weights);
    expect(free).toBeGreaterThan(0.3);
  });

  it('assigns folds from the id alone', () => {
    expect(foldOf('row-1', 5)).toBe(foldOf('row-1', 5));
    const folds = new Set(Array.from({ length: 50 }, (_, i) => foldOf(`id-${i}`, 5)));
    expect(folds.size).toBe(5);
  });
});

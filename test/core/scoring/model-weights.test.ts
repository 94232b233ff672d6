import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_WEIGHTS, modelScore } from '#core/scoring/model';

const FILE = fileURLToPath(new URL('../../../core/scoring/model-weights.json', import.meta.url));

describe('model weights file', () => {
  it('is at most 2 MB', () => {
    expect(statSync(FILE).size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('loads with parallel, finite arrays and a positive rule weight in the fusion', () => {
    expect(MODEL_WEIGHTS.format).toBe('callshield-ngram-logreg/1');
    expect(MODEL_WEIGHTS.grams.length).toBeGreaterThan(1000);
    expect(MODEL_WEIGHTS.values.length).toBe(MODEL_WEIGHTS.grams.length);
    expect(MODEL_WEIGHTS.values.every(Number.isFinite)).toBe(true);
    expect(MODEL_WEIGHTS.fusion.rules).toBeGreaterThan(0);
    expect(MODEL_WEIGHTS.fusion.model).toBeGreaterThan(0);
  });

  it('separates a scam-like text from a service dialogue', () => {
    const scam = modelScore(
      'your computer has a virus, we need remote access and a payment to fix it',
    );
    const safe = modelScore(
      'I would like two tickets for the seven pm showing of the new movie please',
    );
    expect(scam.logit).toBeGreaterThan(safe.logit);
    expect(scam.top).not.toBeNull();
  });
});

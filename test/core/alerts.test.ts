import { describe, expect, it } from 'vitest';
import {
  ALERT_LEVELS,
  assertValidAlertThresholds,
  defaultAlertThresholds,
  levelsCrossed,
} from '#core/alerts';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';

const levels = defaultAlertThresholds(DEFAULT_THRESHOLDS);

describe('alert levels', () => {
  it('default to CallShield’s table (the verdict thresholds)', () => {
    expect(levels).toEqual({ review: 0.3, alert: 0.6, hard_alert: 0.85 });
  });

  it('are raised when the score reaches them, mildest first, each once', () => {
    expect(levelsCrossed(0.29, levels, new Set())).toEqual([]);
    expect(levelsCrossed(0.3, levels, new Set())).toEqual(['review']);
    expect(levelsCrossed(0.9, levels, new Set())).toEqual([...ALERT_LEVELS]);
    expect(levelsCrossed(0.9, levels, new Set(['review']))).toEqual(['alert', 'hard_alert']);
    expect(levelsCrossed(0.5, levels, new Set(['review', 'alert']))).toEqual([]);
  });

  it('must rise within (0, 1]', () => {
    expect(() =>
      assertValidAlertThresholds({ review: 0.5, alert: 0.4, hard_alert: 0.9 }),
    ).toThrow();
    expect(() => assertValidAlertThresholds({ review: 0, alert: 0.4, hard_alert: 0.9 })).toThrow();
    expect(assertValidAlertThresholds({ review: 0.1, alert: 0.2, hard_alert: 1 })).toBeTruthy();
  });
});

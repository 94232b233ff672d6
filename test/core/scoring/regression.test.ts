import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { FRIENDLY_CALL, IRS_GIFT_CARD, REGRESSION_CASES } from './regression-cases';

describe('hand-written regression cases', () => {
  it('has 20+ cases covering both directions', () => {
    expect(REGRESSION_CASES.length).toBeGreaterThanOrEqual(20);
    expect(REGRESSION_CASES.filter((c) => c.label === 'safe').length).toBeGreaterThanOrEqual(8);
    expect(REGRESSION_CASES.filter((c) => c.label === 'scam').length).toBeGreaterThanOrEqual(8);
  });

  it.each(REGRESSION_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const a = scoreTranscript(c.transcript);
    if (c.label === 'scam') expect(a.verdict).not.toBe('SAFE');
    else if (c.cautioned) expect(['SAFE', 'SUSPICIOUS'], c.cautioned).toContain(a.verdict);
    else expect(a.verdict).toBe('SAFE');
  });

  it('scores the CallShield IRS gift-card script SCAM and a friendly call SAFE', () => {
    expect(scoreTranscript(IRS_GIFT_CARD).verdict).toBe('SCAM');
    expect(scoreTranscript(FRIENDLY_CALL).verdict).toBe('SAFE');
  });

  it('does not flag a bank fraud-team opening on its own', () => {
    const opening =
      "Hi, this is Anna from your bank's fraud department, calling about a recent card payment.";
    expect(scoreTranscript(opening).verdict).toBe('SAFE');
  });
});

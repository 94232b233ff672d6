import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/schemas/report';
import { reviewDecision, scoreTranscript } from '#core/scoring/index';
import { FRIENDLY_CALL, IRS_GIFT_CARD } from './regression-cases';

const analysis = (scam_score: number, confidence: number): Analysis => ({
  scam_score,
  confidence,
  verdict: 'SAFE',
  signals: [],
  recommendation: '',
});

describe('reviewDecision', () => {
  it('does not flag a plainly benign call', () => {
    const a = scoreTranscript(FRIENDLY_CALL);
    expect(a.confidence).toBeGreaterThan(0.8);
    expect(reviewDecision(a)).toEqual({ review_required: false, review_reason: null });
  });

  it('does not flag a clear scam', () => {
    expect(reviewDecision(scoreTranscript(IRS_GIFT_CARD)).review_required).toBe(false);
  });

  it('flags scores in the ambiguous band around SUSPICIOUS with a sentence', () => {
    for (const s of [0.27, 0.3, 0.45, 0.59]) {
      const d = reviewDecision(analysis(s, 0.9));
      expect(d.review_required).toBe(true);
      expect(d.review_reason).toMatch(/ambiguous/);
    }
    expect(reviewDecision(analysis(0.2, 0.9)).review_required).toBe(false);
    expect(reviewDecision(analysis(0.7, 0.9)).review_required).toBe(false);
  });

  it('flags low confidence unless the score is plainly low', () => {
    expect(reviewDecision(analysis(0.9, 0.4))).toEqual({
      review_required: true,
      review_reason: 'The engine has low confidence in this verdict.',
    });
    expect(reviewDecision(analysis(0.05, 0.4)).review_required).toBe(false);
  });

  it('follows custom thresholds', () => {
    const t = { suspicious: 0.5, likelyScam: 0.7, scam: 0.9 };
    expect(reviewDecision(analysis(0.35, 0.9), t).review_required).toBe(false);
    expect(reviewDecision(analysis(0.6, 0.9), t).review_required).toBe(true);
  });

  it('clamps out-of-range inputs instead of trusting them', () => {
    expect(reviewDecision(analysis(Number.NaN, 0.9)).review_required).toBe(false);
    expect(reviewDecision(analysis(-3, 2)).review_required).toBe(false);
  });
});

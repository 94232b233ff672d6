import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS, verdictFor } from '#core/thresholds';
import { FRIENDLY_CALL, IRS_GIFT_CARD } from './regression-cases';

const MIDDLING = 'Hello, this is Microsoft support calling about your account.';

describe('scoreTranscript', () => {
  it('reports engine local, scores in [0,1] rounded to 4 decimals, verdict from the score', () => {
    for (const text of [IRS_GIFT_CARD, FRIENDLY_CALL, MIDDLING, '', '   ', 'a'.repeat(5000)]) {
      for (const model of [true, false]) {
        const a = scoreTranscript(text, { model });
        expect(a.engine).toBe('local');
        for (const v of [a.scam_score, a.confidence]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          expect(Math.round(v * 10_000) / 10_000).toBe(v);
        }
        expect(a.verdict).toBe(verdictFor(a.scam_score));
      }
    }
  });

  it('scores an empty transcript as SAFE with no signals', () => {
    const a = scoreTranscript('');
    expect(a.verdict).toBe('SAFE');
    expect(a.signals).toEqual([]);
  });

  it('uses custom thresholds for the verdict', () => {
    const base = scoreTranscript(MIDDLING);
    const s = base.scam_score;
    expect(s).toBeGreaterThan(0.02);
    expect(s).toBeLessThan(0.98);
    const strict = { suspicious: s / 4, likelyScam: s / 2, scam: s };
    expect(scoreTranscript(MIDDLING, { thresholds: strict }).verdict).toBe('SCAM');
    const lax = { suspicious: Math.min(0.99, s + 0.005), likelyScam: 0.995, scam: 0.999 };
    expect(scoreTranscript(MIDDLING, { thresholds: lax }).verdict).toBe('SAFE');
    expect(scoreTranscript(MIDDLING, { thresholds: strict }).scam_score).toBe(s);
  });

  it('is deterministic', () => {
    const first = JSON.stringify(scoreTranscript(IRS_GIFT_CARD));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(scoreTranscript(IRS_GIFT_CARD))).toBe(first);
  });

  it('lowers the score when counter-signals are added', () => {
    const opening =
      "Hello, this is Sam from your bank's fraud department. We flagged a card payment of sixty dollars and need to check it with you.";
    const reassured = `${opening} We will never ask for your PIN, and you can hang up and call the number on the back of your card.`;
    for (const model of [true, false]) {
      const plain = scoreTranscript(opening, { model }).scam_score;
      const counter = scoreTranscript(reassured, { model }).scam_score;
      expect(counter).toBeLessThan(plain);
    }
    expect(scoreTranscript(reassured).verdict).toBe('SAFE');
  });

  it('scores authority + payment demand + urgency far above any of them alone', () => {
    const parts = [
      'This is the Internal Revenue Service.',
      'You must pay with gift cards.',
      'Do it immediately.',
    ];
    const together = scoreTranscript(parts.join(' '), { model: false }).scam_score;
    for (const p of parts) {
      expect(together).toBeGreaterThan(scoreTranscript(p, { model: false }).scam_score + 0.3);
    }
    expect(verdictFor(together, DEFAULT_THRESHOLDS)).toBe('SCAM');
  });

  it('recommends hanging up on gift-card demands', () => {
    expect(scoreTranscript(IRS_GIFT_CARD).recommendation).toMatch(
      /^Hang up\. No government agency/,
    );
  });

  it('adds a LANGUAGE_MODEL signal with an n-gram span only when the model is used', () => {
    const text =
      'hello sir I am calling from the windows department your computer is sending errors to our server please go to your computer now';
    const withModel = scoreTranscript(text).signals.find((s) => s.category === 'LANGUAGE_MODEL');
    expect(withModel?.evidence).toBeDefined();
    const e = withModel!.evidence!;
    expect(text.slice(e.start, e.end)).toBe(e.text);
    const rulesOnly = scoreTranscript(text, { model: false }).signals;
    expect(rulesOnly.some((s) => s.category === 'LANGUAGE_MODEL')).toBe(false);
  });

  it('summarises without repeating the transcript', () => {
    const a = scoreTranscript(IRS_GIFT_CARD);
    expect(a.transcript_summary).toBeDefined();
    expect(a.transcript_summary!.length).toBeLessThan(200);
    expect(a.transcript_summary).not.toContain('Daniel Brooks');
    expect(a.transcript_summary).toContain('payment demand');
  });
});

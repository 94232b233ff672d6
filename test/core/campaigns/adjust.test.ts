import { describe, expect, it } from 'vitest';
import {
  adjustForCampaign,
  CERTAIN_MATCH,
  type LabelledCampaignMatch,
} from '#core/campaigns/adjust';
import type { Analysis, Signal } from '#core/schemas/report';
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS, type Thresholds, verdictFor } from '#core/thresholds';

const CAMPAIGN = '6f1c2f9e-3a0b-4c55-9d8e-0a1b2c3d4e5f';

function analysis(score: number, signals: Signal[] = []): Analysis {
  return {
    scam_score: score,
    confidence: 0.7,
    verdict: verdictFor(score),
    signals,
    recommendation: 'as scored',
    engine: 'local',
  };
}

function match(
  label: LabelledCampaignMatch['label'],
  similarity = 0.3,
  callsToday = 37,
): LabelledCampaignMatch {
  return { campaign: CAMPAIGN, label, similarity, callsToday };
}

const COUNTER: Signal = {
  category: 'NO_SENSITIVE_REQUEST',
  detail: 'we will never ask for your PIN',
  severity: 'low',
  counter: true,
};
const PAYMENT: Signal = { category: 'PAYMENT_DEMAND', detail: 'gift cards', severity: 'high' };
const categories = (a: Analysis) => a.signals.map((s) => s.category);

describe('adjustForCampaign', () => {
  it('leaves an analysis without a match untouched', () => {
    const a = analysis(0.12, [COUNTER]);
    expect(adjustForCampaign(a, null)).toBe(a);
  });

  it('raises a benign-sounding call matching a scam campaign to SUSPICIOUS, with its evidence', () => {
    const out = adjustForCampaign(analysis(0.05, [COUNTER]), match('scam', 0.2, 37));
    expect(out.scam_score).toBe(DEFAULT_THRESHOLDS.suspicious);
    expect(out.verdict).toBe('SUSPICIOUS');
    // Among the scam signals, before the counter-signals.
    expect(categories(out)).toEqual(['KNOWN_SCAM_CAMPAIGN', 'NO_SENSITIVE_REQUEST']);
    const signal = out.signals[0]!;
    expect(signal.severity).toBe('high');
    expect(signal.counter).toBeUndefined();
    expect(signal.detail).toContain(
      `Matches campaign ${CAMPAIGN}: 37 calls today, confirmed a scam by reviewers`,
    );
    expect(out.recommendation).not.toBe('as scored');
    expect(out.recommendation).not.toMatch(/^No scam indicators/);
  });

  it('raises to LIKELY_SCAM once the match is certain', () => {
    const out = adjustForCampaign(analysis(0.05), match('scam', CERTAIN_MATCH));
    expect(out.scam_score).toBe(DEFAULT_THRESHOLDS.likelyScam);
    expect(out.verdict).toBe('LIKELY_SCAM');
    expect(adjustForCampaign(analysis(0.05), match('scam', CERTAIN_MATCH - 0.01)).verdict).toBe(
      'SUSPICIOUS',
    );
  });

  it('never lowers a call that already scores above the floor', () => {
    const out = adjustForCampaign(analysis(0.93, [PAYMENT]), match('scam', 0.9));
    expect(out.scam_score).toBe(0.93);
    expect(out.verdict).toBe('SCAM');
    expect(categories(out)).toEqual(['PAYMENT_DEMAND', 'KNOWN_SCAM_CAMPAIGN']);
  });

  it('lowers a call matching a legitimate campaign, to just under SUSPICIOUS at most', () => {
    const out = adjustForCampaign(analysis(0.5, [COUNTER]), match('legitimate', 0.4, 1));
    expect(out.scam_score).toBe(0.29);
    expect(out.verdict).toBe('SAFE');
    expect(categories(out)).toEqual(['NO_SENSITIVE_REQUEST', 'KNOWN_LEGITIMATE_CAMPAIGN']);
    const signal = out.signals[1]!;
    expect(signal.counter).toBe(true);
    expect(signal.detail).toContain(
      `Matches campaign ${CAMPAIGN}: 1 call today, confirmed legitimate by reviewers`,
    );
  });

  it('lowers a strongly scam-shaped call by no more than 0.4', () => {
    const out = adjustForCampaign(analysis(0.95), match('legitimate'));
    expect(out.scam_score).toBe(0.55);
    expect(out.verdict).toBe('SUSPICIOUS');
  });

  it('leaves a SAFE score where it is', () => {
    const out = adjustForCampaign(analysis(0.08), match('legitimate'));
    expect(out.scam_score).toBe(0.08);
    expect(categories(out)).toEqual(['KNOWN_LEGITIMATE_CAMPAIGN']);
  });

  it.each([PAYMENT, { category: 'REMOTE_ACCESS', detail: 'AnyDesk', severity: 'high' } as Signal])(
    'does not lower a call that asks for $category',
    (ask) => {
      const out = adjustForCampaign(analysis(0.8, [ask]), match('legitimate', 0.9));
      expect(out.scam_score).toBe(0.8);
      expect(out.verdict).toBe('LIKELY_SCAM');
      expect(out.signals.at(-1)?.detail).toMatch(/not lowered/);
    },
  );

  it('always derives the verdict from the adjusted score, under any thresholds', () => {
    const custom: Thresholds = { suspicious: 0.4, likelyScam: 0.7, scam: 0.9 };
    for (const thresholds of [DEFAULT_THRESHOLDS, custom])
      for (const score of [0, 0.1, 0.29, 0.3, 0.45, 0.6, 0.75, 0.88, 1])
        for (const label of ['scam', 'legitimate'] as const)
          for (const similarity of [0.15, 0.49, 0.5, 1]) {
            const out = adjustForCampaign(analysis(score), match(label, similarity), thresholds);
            expect(out.verdict).toBe(verdictFor(out.scam_score, thresholds));
            if (label === 'scam') expect(out.scam_score).toBeGreaterThanOrEqual(score);
            else expect(out.scam_score).toBeLessThanOrEqual(score);
          }
  });

  it('turns a scored call the engine finds harmless into a warning', () => {
    const scored = scoreTranscript(
      'Hi, it is Sam from next door. Your parcel came while you were out, so I left it by the back gate.',
    );
    expect(scored.verdict).toBe('SAFE');
    const out = adjustForCampaign(scored, match('scam', 0.8, 412));
    expect(out.verdict).toBe('LIKELY_SCAM');
    expect(out.signals.find((s) => s.category === 'KNOWN_SCAM_CAMPAIGN')?.detail).toContain(
      '412 calls today',
    );
  });
});

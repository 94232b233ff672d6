import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/schemas/report';
import { scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import {
  adjustForCallerTrust,
  type CallerHistory,
  NUMBER_MAX_RAISE,
  parseVerstat,
  REPORT_RAISE,
  STIR_VERSTATS,
  TRUST_MAX_RAISE,
} from '#core/trust/caller-trust';

const NO_HISTORY: CallerHistory = {
  calls: 0,
  calls_likely_scam: 0,
  calls_scam: 0,
  reported_scam: 0,
};

/** A call with nothing scam-like in it, at `score`. */
function quiet(score: number): Analysis {
  return {
    scam_score: score,
    confidence: 0.5,
    verdict: score >= 0.3 ? 'SUSPICIOUS' : 'SAFE',
    signals: [],
    recommendation: 'x',
    transcript_summary: '',
    engine: 'local',
  };
}

const GIFT_CARDS = scoreTranscript(
  'This is the IRS. There is a warrant for your arrest unless you pay today with Google Play gift cards.',
);

describe('parseVerstat', () => {
  it("knows Twilio's values and nothing else", () => {
    for (const v of STIR_VERSTATS) expect(parseVerstat(v)).toBe(v);
    for (const v of ['', 'tn-validation-passed-a', 'TN-Validation-Passed-D', null, 3, undefined])
      expect(parseVerstat(v)).toBeNull();
  });
});

describe('adjustForCallerTrust', () => {
  it('changes nothing without trust, for A and B attestations, or with a clean history', () => {
    const a = quiet(0.2);
    expect(adjustForCallerTrust(a, null)).toBe(a);
    for (const verstat of ['TN-Validation-Passed-A', 'TN-Validation-Passed-B', null] as const)
      expect(adjustForCallerTrust(a, { verstat, history: { ...NO_HISTORY, calls: 9 } })).toBe(a);
  });

  it('flags a failed verification with the quoted verstat and raises the score a little', () => {
    const a = adjustForCallerTrust(quiet(0.1), {
      verstat: 'TN-Validation-Failed-B',
      history: null,
    });
    const signal = a.signals.find((s) => s.category === 'CALLER_ID_UNVERIFIED');
    expect(signal?.severity).toBe('medium');
    expect(signal?.detail).toContain('"TN-Validation-Failed-B"');
    expect(a.scam_score).toBeCloseTo(0.2, 4);
    expect(a.verdict).toBe('SAFE');
  });

  it('raises a C attestation or an unverifiable call less than a failed one', () => {
    const failed = adjustForCallerTrust(quiet(0.1), {
      verstat: 'TN-Validation-Failed',
      history: null,
    });
    for (const verstat of ['TN-Validation-Passed-C', 'No-TN-Validation'] as const) {
      const weak = adjustForCallerTrust(quiet(0.1), { verstat, history: null });
      expect(weak.signals.map((s) => s.category)).toEqual(['CALLER_ID_UNVERIFIED']);
      expect(weak.signals[0]?.severity).toBe('low');
      expect(weak.scam_score).toBeGreaterThan(0.1);
      expect(weak.scam_score).toBeLessThan(failed.scam_score);
    }
  });

  it("quotes the number's history: its calls, reviewers' reports and scored scams", () => {
    const a = adjustForCallerTrust(quiet(0.1), {
      verstat: null,
      history: { calls: 4, calls_likely_scam: 1, calls_scam: 1, reported_scam: 2 },
    });
    const signal = a.signals.find((s) => s.category === 'NUMBER_REPORTED');
    expect(signal?.detail).toBe(
      'This number: 4 earlier calls, 2 confirmed scams by reviewers, 2 scored scam or likely scam.',
    );
    expect(signal?.severity).toBe('high');
    expect(a.scam_score).toBeGreaterThan(0.1);
  });

  it('calls a number only scored (never reported) a medium signal', () => {
    const a = adjustForCallerTrust(quiet(0.1), {
      verstat: null,
      history: { calls: 1, calls_likely_scam: 0, calls_scam: 1, reported_scam: 0 },
    });
    expect(a.signals[0]).toMatchObject({ category: 'NUMBER_REPORTED', severity: 'medium' });
    expect(a.signals[0]?.detail).toBe('This number: 1 earlier call, 1 scored scam or likely scam.');
  });

  it("quotes other organisations' shared counts beside the organisation's own", () => {
    const a = adjustForCallerTrust(quiet(0.1), {
      verstat: null,
      history: {
        calls: 2,
        calls_likely_scam: 0,
        calls_scam: 0,
        reported_scam: 0,
        shared: { calls: 14, calls_likely_scam: 1, calls_scam: 2, reported_scam: 5 },
      },
    });
    const signal = a.signals.find((s) => s.category === 'NUMBER_REPORTED');
    expect(signal?.detail).toBe(
      'This number: 2 earlier calls here; across organisations sharing counts: 14 calls, 5 confirmed scams by reviewers, 3 scored scam or likely scam.',
    );
    expect(signal?.severity).toBe('high');
    // The organisation's own evidence comes first, then what the others shared.
    const both = adjustForCallerTrust(quiet(0.1), {
      verstat: null,
      history: {
        calls: 1,
        calls_likely_scam: 0,
        calls_scam: 1,
        reported_scam: 1,
        shared: { calls: 3, calls_likely_scam: 0, calls_scam: 0, reported_scam: 0 },
      },
    });
    expect(both.signals[0]?.detail).toBe(
      'This number: 1 earlier call here, 1 confirmed scam by reviewers, 1 scored scam or likely scam; across organisations sharing counts: 3 calls.',
    );
  });

  it("raises for shared reports as for the organisation's own, within NUMBER_MAX_RAISE", () => {
    const sharedOnly = (reported_scam: number) =>
      adjustForCallerTrust(quiet(0), {
        verstat: null,
        history: {
          ...NO_HISTORY,
          shared: { calls: reported_scam, calls_likely_scam: 0, calls_scam: 0, reported_scam },
        },
      }).scam_score;
    expect(sharedOnly(1)).toBeCloseTo(REPORT_RAISE, 4);
    // Own and shared reports add up; their sum is bounded like the organisation's own.
    const both = adjustForCallerTrust(quiet(0), {
      verstat: null,
      history: {
        ...NO_HISTORY,
        calls: 1,
        reported_scam: 1,
        shared: { calls: 1, calls_likely_scam: 0, calls_scam: 0, reported_scam: 1 },
      },
    });
    expect(both.scam_score).toBeCloseTo(2 * REPORT_RAISE, 4);
    expect(sharedOnly(40)).toBeCloseTo(NUMBER_MAX_RAISE, 4);
  });

  it('shows nothing for shared counts that hold nothing against the number', () => {
    const a = adjustForCallerTrust(quiet(0.1), {
      verstat: null,
      history: {
        ...NO_HISTORY,
        calls: 3,
        shared: { calls: 9, calls_likely_scam: 0, calls_scam: 0, reported_scam: 0 },
      },
    });
    expect(a).toEqual(quiet(0.1));
  });

  it('never decides a call alone on shared counts either', () => {
    const a = adjustForCallerTrust(quiet(0.25), {
      verstat: 'TN-Validation-Failed',
      history: {
        ...NO_HISTORY,
        shared: { calls: 500, calls_likely_scam: 100, calls_scam: 300, reported_scam: 200 },
      },
    });
    expect(a.verdict).toBe('SAFE');
    expect(a.scam_score).toBeLessThan(DEFAULT_THRESHOLDS.suspicious);
  });

  it('never decides a call alone: without scam evidence it stays under SUSPICIOUS', () => {
    const worst = {
      verstat: 'TN-Validation-Failed-A' as const,
      history: { calls: 50, calls_likely_scam: 10, calls_scam: 30, reported_scam: 20 },
    };
    for (const score of [0, 0.1, 0.2, 0.25]) {
      const a = adjustForCallerTrust(quiet(score), worst);
      expect(a.verdict).toBe('SAFE');
      expect(a.scam_score).toBeLessThan(DEFAULT_THRESHOLDS.suspicious);
      expect(a.scam_score).toBeLessThanOrEqual(score + TRUST_MAX_RAISE + 1e-9);
      // The signals still show, with their evidence.
      expect(a.signals.map((s) => s.category)).toEqual(['CALLER_ID_UNVERIFIED', 'NUMBER_REPORTED']);
    }
    // A silent call from the worst number is raised only by the bounded amount.
    expect(adjustForCallerTrust(quiet(0), worst).scam_score).toBeCloseTo(0.29, 4);
  });

  it('moves the verdict only together with the transcript’s own evidence', () => {
    const weak = scoreTranscript('Please keep this between us and do not tell anyone at the bank.');
    expect(weak.signals.some((s) => !s.counter)).toBe(true);
    const a = adjustForCallerTrust(
      { ...weak, scam_score: 0.2, verdict: 'SAFE' },
      { verstat: 'TN-Validation-Failed', history: null },
    );
    expect(a.scam_score).toBeCloseTo(0.3, 4);
    expect(a.verdict).toBe('SUSPICIOUS');
  });

  it('lifts a call with scam evidence past SUSPICIOUS, by at most TRUST_MAX_RAISE', () => {
    const scam = { ...GIFT_CARDS, scam_score: 0.5, verdict: 'SUSPICIOUS' as const };
    const a = adjustForCallerTrust(scam, {
      verstat: 'TN-Validation-Failed-C',
      history: { calls: 3, calls_likely_scam: 0, calls_scam: 0, reported_scam: 3 },
    });
    expect(a.scam_score).toBeCloseTo(0.5 + TRUST_MAX_RAISE, 4);
    expect(a.verdict).toBe('LIKELY_SCAM');
    // Trust signals go after the transcript's scam signals, before any counter-signal.
    const categories = a.signals.map((s) => s.category);
    expect(categories.slice(-2)).toEqual(['CALLER_ID_UNVERIFIED', 'NUMBER_REPORTED']);
    expect(a.recommendation).not.toBe('');
  });

  it('never lowers a scam call, however well the number is verified', () => {
    const a = adjustForCallerTrust(GIFT_CARDS, {
      verstat: 'TN-Validation-Passed-A',
      history: { calls: 30, calls_likely_scam: 0, calls_scam: 0, reported_scam: 0 },
    });
    expect(a.scam_score).toBe(GIFT_CARDS.scam_score);
    expect(a.verdict).toBe(GIFT_CARDS.verdict);
  });

  it('never lowers a quiet call that already scored high either', () => {
    const a = adjustForCallerTrust(quiet(0.7), { verstat: 'No-TN-Validation', history: null });
    expect(a.scam_score).toBe(0.7);
  });
});

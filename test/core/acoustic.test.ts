import { describe, expect, it } from 'vitest';
import { audioVerdict, PITCH_SPREAD_ST, SNR_DB, voiceIndicators } from '#core/acoustic';
import type { AcousticFeatures } from '#core/schemas/sidecar-protocol';
import { reportAnalysis, scoreTranscript } from '#core/scoring/index';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';

const measured = (over: Partial<AcousticFeatures>): AcousticFeatures => ({
  duration_ms: 5_000,
  trimmed_duration_ms: 5_000,
  speech_ratio: 0.6,
  rms_dbfs: -20,
  peak_dbfs: -3,
  noise_floor_dbfs: -60,
  clipping_ratio: 0,
  dtmf: [],
  voiced_ms: 2_000,
  pitch_median_hz: 140,
  pitch_variability_st: 3,
  loudness_variability_db: 6,
  snr_db: 30,
  ...over,
});

describe('the acoustic context of a chunk', () => {
  it('maps pitch movement linearly from calm (0) to animated (1)', () => {
    const at = (st: number) => voiceIndicators(measured({ pitch_variability_st: st })).vocal_stress;
    expect(at(PITCH_SPREAD_ST.calm)).toBe(0);
    expect(at(1)).toBe(0);
    expect(at((PITCH_SPREAD_ST.calm + PITCH_SPREAD_ST.animated) / 2)).toBe(0.5);
    expect(at(PITCH_SPREAD_ST.animated)).toBe(1);
    expect(at(12)).toBe(1);
  });

  it('maps the speech level above the noise from clean (0) to noisy (1)', () => {
    const at = (snr: number) => voiceIndicators(measured({ snr_db: snr })).background_noise;
    expect(at(SNR_DB.clean)).toBe(0);
    expect(at(70)).toBe(0);
    expect(at(25)).toBe(0.5);
    expect(at(SNR_DB.noisy)).toBe(1);
    expect(at(0)).toBe(1);
  });

  it('is null wherever nothing was measured, and never claims a synthetic voice', () => {
    expect(voiceIndicators(null)).toEqual({
      vocal_stress: null,
      background_noise: null,
      synthetic_voice_probability: null,
    });
    const unvoiced = voiceIndicators(measured({ pitch_variability_st: null, snr_db: null }));
    expect(unvoiced).toEqual({
      vocal_stress: null,
      background_noise: null,
      synthetic_voice_probability: null,
    });
    expect(voiceIndicators(measured({})).synthetic_voice_probability).toBeNull();
  });
});

describe('the verdict on an audio file', () => {
  const call =
    'This is the IRS. A warrant is out for your arrest unless you pay today with gift cards. ' +
    'We will never ask for your PIN; you can call us back at the number on our website.';

  it('adds acoustic cues on top of the words, never below them, and keeps reassurance apart', () => {
    const text = scoreTranscript(call);
    const acoustic = {
      scam_score: 0.15,
      confidence: 0.3,
      verdict: 'SAFE' as const,
      signals: [{ category: 'DTMF_TONES' as const, detail: 'tones', severity: 'medium' as const }],
      recommendation: 'r',
    };
    const audio = audioVerdict(text, acoustic, DEFAULT_THRESHOLDS);
    expect(audio.scam_score).toBeCloseTo(1 - (1 - text.scam_score) * 0.85, 4);
    const shown = reportAnalysis(audio);
    expect(shown.signals.map((s) => s.category)).toContain('DTMF_TONES');
    expect(shown.signals.some((s) => s.counter)).toBe(false);
    expect(shown.counter_signals.length).toBeGreaterThan(0);
    expect(shown.counter_signals).toEqual(reportAnalysis(text).counter_signals);
    // Without acoustic cues it is the words' own verdict.
    expect(audioVerdict(text, null, DEFAULT_THRESHOLDS).scam_score).toBe(text.scam_score);
  });
});

describe('an analysis as reports show it', () => {
  it('splits counter-signals out and carries its review decision', () => {
    const shown = reportAnalysis(
      scoreTranscript('Your pharmacy order is ready. We will never ask for your password.'),
    );
    expect(shown.signals.every((s) => !s.counter)).toBe(true);
    expect(shown.counter_signals.length).toBeGreaterThan(0);
    expect(shown.counter_signals.every((s) => s.counter === true)).toBe(true);
    expect(typeof shown.review_required).toBe('boolean');
    expect(shown.review_required ? typeof shown.review_reason : shown.review_reason).toBe(
      shown.review_required ? 'string' : null,
    );
  });
});

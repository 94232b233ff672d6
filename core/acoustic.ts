/**
 * Acoustic evidence from the sidecar's measured features. Pure: no runtime-specific imports.
 *
 * These are weak signals on purpose: keypad tones and studio-clean audio are typical of IVR
 * robocalls but also of real company menus, so they can nudge a score (combined with the text
 * score as 1 − (1 − text)(1 − acoustic), see {@link audioVerdict}) but never make a call a
 * scam on their own.
 */
import type { Analysis, Signal } from './schemas/report';
import type { AcousticFeatures } from './schemas/sidecar-protocol';
import { clamp01, round4, type Thresholds, verdictFor } from './thresholds';

/** Weight each acoustic signal adds (combined as independent probabilities). */
const DTMF_WEIGHT = 0.15;
const PRERECORDED_WEIGHT = 0.1;
/** A live phone line is rarely this quiet between words; a studio recording is. */
const STUDIO_NOISE_FLOOR_DBFS = -75;
const DENSE_SPEECH_RATIO = 0.8;

/** The acoustic analysis of a recording, or null when there is nothing to say. */
export function acousticAnalysis(
  features: AcousticFeatures,
  thresholds: Thresholds,
): Analysis | null {
  const signals: Signal[] = [];
  let keep = 1;
  if (features.dtmf.length > 0) {
    const digits = features.dtmf.map((d) => d.digit).join('');
    const at = (features.dtmf[0]?.start_ms ?? 0) / 1000;
    signals.push({
      category: 'DTMF_TONES',
      detail: `Keypad tones detected (${digits.length} digit${digits.length === 1 ? '' : 's'}, first at ${at.toFixed(1)} s).`,
      severity: 'medium',
    });
    keep *= 1 - DTMF_WEIGHT;
  }
  if (
    features.duration_ms >= 3_000 &&
    features.noise_floor_dbfs < STUDIO_NOISE_FLOOR_DBFS &&
    features.speech_ratio > DENSE_SPEECH_RATIO
  ) {
    signals.push({
      category: 'PRERECORDED_AUDIO',
      detail: `Near-silent noise floor (${features.noise_floor_dbfs.toFixed(0)} dBFS) under continuous speech, typical of a recording.`,
      severity: 'low',
    });
    keep *= 1 - PRERECORDED_WEIGHT;
  }
  if (signals.length === 0) return null;
  const score = round4(1 - keep);
  return {
    scam_score: score,
    confidence: 0.3,
    verdict: verdictFor(score, thresholds),
    signals,
    recommendation:
      'Acoustic cues alone are weak evidence; judge the call by what the caller asks for.',
    engine: 'acoustic',
  };
}

/**
 * The verdict on an audio file as a whole: what was said (the transcript's analysis) with
 * the acoustic cues on top, combined as 1 − (1 − text)(1 − acoustic), so acoustics can only
 * add suspicion. Signals of both kinds; advice and summary from the text.
 */
export function audioVerdict(
  text: Analysis,
  acoustic: Analysis | null,
  thresholds: Thresholds,
): Analysis {
  const score = round4(clamp01(1 - (1 - text.scam_score) * (1 - (acoustic?.scam_score ?? 0))));
  const { engine: _engine, ...spoken } = text;
  return {
    ...spoken,
    scam_score: score,
    verdict: verdictFor(score, thresholds),
    // Scam signals, then the acoustic cues, then the counter-signals (the report splits them).
    signals: [
      ...text.signals.filter((s) => !s.counter),
      ...(acoustic?.signals ?? []),
      ...text.signals.filter((s) => s.counter),
    ],
  };
}

/**
 * The acoustic context of a stream chunk, in CallShield's three fields (0–1, 3 decimals), each
 * from a measurement of the chunk's audio, or null where nothing was measured:
 *
 * - `vocal_stress`: how much the voice's pitch moves. The robust standard deviation of its
 *   pitch, in semitones, mapped linearly from {@link PITCH_SPREAD_ST}.calm (0) to .animated (1).
 *   Agitated, raised speech moves more, and so does an animated salesman: it describes the
 *   voice, it is no stress or lie detector.
 * - `background_noise`: how loud the background is next to the speech. The speech frames'
 *   median level above the noise floor (the quietest tenth of the chunk), mapped linearly
 *   from {@link SNR_DB}.clean (0) down to .noisy (1).
 * - `synthetic_voice_probability`: always null. No measurement here is a validated detector
 *   of synthetic speech; a monotone pitch is a cue, not a probability.
 */
export interface VoiceIndicators {
  vocal_stress: number | null;
  background_noise: number | null;
  synthetic_voice_probability: null;
}

/** Pitch spreads (semitones): text-to-speech and flat readers sit near 2, lively talk past 4. */
export const PITCH_SPREAD_ST = { calm: 1.5, animated: 6 } as const;
/** Speech above the background (dB): a quiet line ≥ 40, a noisy room ≤ 10. */
export const SNR_DB = { clean: 40, noisy: 10 } as const;

const linear = (value: number, zeroAt: number, oneAt: number): number =>
  Math.round(clamp01((value - zeroAt) / (oneAt - zeroAt)) * 1000) / 1000;

/** {@link VoiceIndicators} from the sidecar's features; all null when there are none. */
export function voiceIndicators(features: AcousticFeatures | null | undefined): VoiceIndicators {
  const pitch = features?.pitch_variability_st ?? null;
  const snr = features?.snr_db ?? null;
  return {
    vocal_stress:
      pitch === null ? null : linear(pitch, PITCH_SPREAD_ST.calm, PITCH_SPREAD_ST.animated),
    background_noise: snr === null ? null : linear(snr, SNR_DB.clean, SNR_DB.noisy),
    synthetic_voice_probability: null,
  };
}

/**
 * Acoustic evidence from the sidecar's measured features. Pure: no runtime-specific imports.
 *
 * These are weak signals on purpose: keypad tones and studio-clean audio are typical of IVR
 * robocalls but also of real company menus, so they can nudge a score (combined with the text
 * score as 1 − (1 − text)(1 − audio)) but never make a call a scam on their own.
 */
import type { Analysis, Signal } from './schemas/report';
import type { AcousticFeatures } from './schemas/sidecar-protocol';
import { round4, type Thresholds, verdictFor } from './thresholds';

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

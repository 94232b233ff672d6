/**
 * Acoustic features of a call recording, reported next to the transcript. They feed the
 * scorer's acoustic signals: robocalls tend to have a very low noise floor and a high speech
 * ratio, IVR scams carry DTMF, cheap VoIP gateways clip. The voice measurements (voice.ts)
 * describe the speaker and the line for people and for a stream's acoustic context; they are
 * not evidence of a scam and never reach a score.
 */
import type { AcousticFeatures } from '../schemas/sidecar-protocol';
import { detectDtmf } from './dtmf';
import { MIN_DBFS, PCM16_FULL_SCALE, ratioToDbfs } from './pcm';
import { measureVoice } from './voice';

/** The feature set, as defined on the wire by the sidecar protocol. */
export type { AcousticFeatures };

/** Options for {@link computeFeatures}. */
export interface FeatureOptions {
  /** Frames quieter than this never count as speech. */
  silenceThresholdDbfs: number;
  /** Samples in [start, end) that survived trimming; defaults to all. */
  trimmed?: { start: number; end: number };
  frameMs?: number;
}

/** A frame is active when it is this far above the noise floor (and above the threshold). */
const ACTIVITY_MARGIN_DB = 10;
/** |sample| at or above this counts as clipped (just under full scale, as codecs round). */
const CLIP_LEVEL = 32_700;

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Per-frame RMS levels in dBFS. */
export function frameLevels(samples: Int16Array, sampleRate: number, frameMs = 20): number[] {
  const n = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const levels: number[] = [];
  for (let start = 0; start < samples.length; start += n) {
    const end = Math.min(samples.length, start + n);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    levels.push(ratioToDbfs(Math.sqrt(sum / (end - start)) / PCM16_FULL_SCALE));
  }
  return levels;
}

/** Value at quantile q (0..1) of an unsorted list; MIN_DBFS for an empty list. */
function quantile(values: number[], q: number): number {
  if (values.length === 0) return MIN_DBFS;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Computes every feature over mono 16-bit PCM. Pure and allocation-light. */
export function computeFeatures(
  samples: Int16Array,
  sampleRate: number,
  options: FeatureOptions,
): AcousticFeatures {
  let sumSq = 0;
  let peak = 0;
  let clipped = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    const a = Math.abs(v);
    sumSq += v * v;
    if (a > peak) peak = a;
    if (a >= CLIP_LEVEL) clipped++;
  }
  const frameMs = options.frameMs ?? 20;
  const levels = frameLevels(samples, sampleRate, frameMs);
  // The 10th percentile of frame levels: the quiet between words and before the first word.
  const noiseFloor = quantile(levels, 0.1);
  const activeAbove = Math.max(options.silenceThresholdDbfs, noiseFloor + ACTIVITY_MARGIN_DB);
  const active = levels.filter((l) => l > activeAbove).length;
  const trimmed = options.trimmed ?? { start: 0, end: samples.length };
  const ms = (count: number): number => Math.round((count * 1000) / sampleRate);
  const count = samples.length;
  return {
    duration_ms: ms(count),
    trimmed_duration_ms: ms(Math.max(0, trimmed.end - trimmed.start)),
    speech_ratio: levels.length ? round(active / levels.length, 4) : 0,
    rms_dbfs: round(count ? ratioToDbfs(Math.sqrt(sumSq / count) / PCM16_FULL_SCALE) : MIN_DBFS, 2),
    peak_dbfs: round(ratioToDbfs(peak / PCM16_FULL_SCALE), 2),
    noise_floor_dbfs: round(noiseFloor, 2),
    clipping_ratio: count ? round(clipped / count, 6) : 0,
    dtmf: detectDtmf(samples, sampleRate),
    ...measureVoice(samples, sampleRate, {
      levels,
      frameMs,
      speechAbove: activeAbove,
      noiseFloorDbfs: noiseFloor,
    }),
  };
}

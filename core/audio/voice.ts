/**
 * Voice measurements of mono 16-bit PCM: the voice's pitch, how much its pitch and loudness
 * move, and how far speech stands above the background. Pure: no runtime-specific imports.
 *
 * Pitch comes from the normalised cross-correlation of each speech frame with itself shifted
 * by one pitch period (70–400 Hz), on the signal decimated to about 8 kHz: the fundamental of
 * a voice is well under 4 kHz, and a quarter of the work makes a 5 s chunk cost a few ms.
 * Spreads are robust: (90th − 10th percentile) / 2.56, which equals the standard deviation of
 * normally distributed values and ignores the stray octave errors every pitch tracker makes.
 */

/** What {@link measureVoice} reports; null where the audio holds too little speech to say. */
export interface VoiceMeasures {
  /** Frames (of `frameMs`) with a clear pitch, in ms. */
  voiced_ms: number;
  /** Median pitch of the voiced frames, in Hz. */
  pitch_median_hz: number | null;
  /** Robust spread of the pitch, in semitones. */
  pitch_variability_st: number | null;
  /** Robust spread of the speech frames' loudness, in dB. */
  loudness_variability_db: number | null;
  /** Median loudness of the speech frames above the noise floor, in dB. */
  snr_db: number | null;
}

const MIN_F0_HZ = 70;
const MAX_F0_HZ = 400;
const TARGET_RATE = 8_000;
/** Window the correlation is taken over: two periods of the lowest pitch fit in it. */
const WINDOW_MS = 40;
/** A frame is voiced when its best correlation reaches this (noise stays well under). */
const VOICED_CORRELATION = 0.6;
/** The shortest period within this share of the best peak wins, against octave-low errors. */
const OCTAVE_GUARD = 0.85;
/** Fewer voiced or speech frames than this (200 ms of 20 ms frames) say nothing. */
const MIN_FRAMES = 10;
/** (p90 − p10) / SPREAD_DIVISOR is σ for a normal distribution. */
const SPREAD_DIVISOR = 2.563;

/** Value at quantile q of already sorted values. */
function sortedQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Robust spread (see the top of the file) and the median of a list. */
function spreadAndMedian(values: number[]): { spread: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    spread: (sortedQuantile(sorted, 0.9) - sortedQuantile(sorted, 0.1)) / SPREAD_DIVISOR,
    median: sortedQuantile(sorted, 0.5),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The samples averaged in groups of `factor`: a crude low-pass and decimation in one. */
function decimate(samples: Int16Array, factor: number): Float64Array {
  const out = new Float64Array(Math.floor(samples.length / factor));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++) sum += samples[i * factor + k]!;
    out[i] = sum / factor;
  }
  return out;
}

/**
 * The pitch (Hz) of the window of `x` starting at `start`, or null when it has none: the lag
 * of the highest normalised correlation, preferring the shortest lag close to it, refined by
 * a parabola through its neighbours.
 */
export function framePitch(
  x: Float64Array,
  start: number,
  rate: number,
  window = Math.round((rate * WINDOW_MS) / 1000),
): number | null {
  const minLag = Math.floor(rate / MAX_F0_HZ);
  const maxLag = Math.ceil(rate / MIN_F0_HZ);
  // Correlations one lag either side of the range, so a peak at its edge is a real peak.
  const [first, last] = [minLag - 1, maxLag + 1];
  if (start + window + last > x.length) return null;
  // The window and everything a shift can reach, without its DC offset.
  const c = x.slice(start, start + window + last);
  let mean = 0;
  for (let i = 0; i < c.length; i++) mean += c[i]!;
  mean /= c.length;
  for (let i = 0; i < c.length; i++) c[i]! -= mean;
  let e0 = 0;
  for (let n = 0; n < window; n++) e0 += c[n]! * c[n]!;
  if (e0 <= 0) return null;
  // Energy of the shifted window, kept up to date as the lag grows.
  let eLag = 0;
  for (let n = first; n < first + window; n++) eLag += c[n]! * c[n]!;
  const r = new Float64Array(last + 1);
  let best = 0;
  for (let lag = first; lag <= last; lag++) {
    let cross = 0;
    for (let n = 0; n < window; n++) cross += c[n]! * c[n + lag]!;
    r[lag] = eLag > 0 ? cross / Math.sqrt(e0 * eLag) : 0;
    if (lag >= minLag && lag <= maxLag && r[lag]! > best) best = r[lag]!;
    if (lag < last) eLag += c[lag + window]! ** 2 - c[lag]! ** 2;
  }
  if (best < VOICED_CORRELATION) return null;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const v = r[lag]!;
    const left = r[lag - 1]!;
    const right = r[lag + 1]!;
    if (v < left || v < right || v < OCTAVE_GUARD * best) continue;
    const curve = left - 2 * v + right;
    const shift = curve < 0 ? (0.5 * (left - right)) / curve : 0;
    return rate / (lag + Math.max(-0.5, Math.min(0.5, shift)));
  }
  return null;
}

/**
 * Measures the voice in `samples`. `levels` are the frame levels (dBFS, one per `frameMs`),
 * `speechAbove` the level a frame must exceed to count as speech, `noiseFloorDbfs` the level
 * of the background (both as computeFeatures decides them).
 */
export function measureVoice(
  samples: Int16Array,
  sampleRate: number,
  frame: {
    levels: readonly number[];
    frameMs: number;
    speechAbove: number;
    noiseFloorDbfs: number;
  },
): VoiceMeasures {
  const factor = Math.max(1, Math.round(sampleRate / TARGET_RATE));
  const rate = sampleRate / factor;
  const x = decimate(samples, factor);
  const hop = (rate * frame.frameMs) / 1000;
  const pitches: number[] = [];
  const speech: number[] = [];
  frame.levels.forEach((level, i) => {
    if (level <= frame.speechAbove) return;
    speech.push(level);
    const f0 = framePitch(x, Math.round(i * hop), rate);
    if (f0 !== null) pitches.push(f0);
  });
  const result: VoiceMeasures = {
    voiced_ms: Math.round(pitches.length * frame.frameMs),
    pitch_median_hz: null,
    pitch_variability_st: null,
    loudness_variability_db: null,
    snr_db: null,
  };
  if (pitches.length >= MIN_FRAMES) {
    const { median } = spreadAndMedian(pitches);
    const semitones = pitches.map((f) => 12 * Math.log2(f / median));
    result.pitch_median_hz = round(median, 1);
    result.pitch_variability_st = round(spreadAndMedian(semitones).spread, 2);
  }
  if (speech.length >= MIN_FRAMES) {
    const { spread, median } = spreadAndMedian(speech);
    result.loudness_variability_db = round(spread, 2);
    result.snr_db = round(Math.max(0, median - frame.noiseFloorDbfs), 2);
  }
  return result;
}

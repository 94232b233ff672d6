/**
 * DTMF (touch-tone) detection with Goertzel filters. Scam robocalls drive IVR menus ("press 1
 * to speak to an agent"), and Twilio forks the caller's key presses as audio too, so the
 * digits are an acoustic signal worth reporting.
 */
import type { DtmfDigit } from '../schemas/sidecar-protocol';
import { blockPower, goertzelPower } from './goertzel';
import { dbfsToRatio, PCM16_FULL_SCALE } from './pcm';

/** Row (low group) and column (high group) frequencies of the DTMF keypad, in Hz. */
export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLS = [1209, 1336, 1477, 1633] as const;
const KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

/** One detected key press (wire shape from the sidecar protocol). */
export type { DtmfDigit };

/** Tuning knobs; the defaults follow common telephony receiver practice (ITU-T Q.24). */
export interface DtmfOptions {
  /** Analysis block length. 25 ms gives ~40 Hz bins, enough to separate adjacent rows. */
  blockMs?: number;
  /** Hop between blocks; smaller gives finer start/end times. */
  hopMs?: number;
  /** Shortest tone reported (Q.24 requires accepting ≥ 40 ms). */
  minToneMs?: number;
  /** Shortest pause that separates two presses of the same key. */
  minGapMs?: number;
  /** Quietest block considered, in dBFS. */
  minLevelDbfs?: number;
  /** Share of block energy the two tones must carry; rejects speech and noise. */
  minToneEnergyShare?: number;
  /** Maximum level difference between the two tones (twist), in dB. */
  maxTwistDb?: number;
  /** The winning tone must beat the runner-up of its group by this many dB. */
  minGroupMarginDb?: number;
}

const DEFAULTS: Required<DtmfOptions> = {
  blockMs: 25,
  hopMs: 10,
  minToneMs: 40,
  minGapMs: 30,
  minLevelDbfs: -45,
  minToneEnergyShare: 0.65,
  maxTwistDb: 8,
  minGroupMarginDb: 8,
};

function strongest(
  samples: ArrayLike<number>,
  start: number,
  n: number,
  freqs: readonly number[],
  rate: number,
): { index: number; power: number; runnerUp: number } {
  let index = 0;
  let power = -1;
  let runnerUp = 0;
  freqs.forEach((f, i) => {
    const p = goertzelPower(samples, start, n, f, rate);
    if (p > power) {
      runnerUp = Math.max(runnerUp, power);
      power = p;
      index = i;
    } else runnerUp = Math.max(runnerUp, p);
  });
  return { index, power, runnerUp };
}

/** Classifies one block: the key it carries, or null. Exported for unit tests. */
export function detectDtmfBlock(
  samples: ArrayLike<number>,
  start: number,
  n: number,
  sampleRate: number,
  options: DtmfOptions = {},
): string | null {
  const o = { ...DEFAULTS, ...options };
  const total = blockPower(samples, start, n);
  const minPower = (dbfsToRatio(o.minLevelDbfs) * PCM16_FULL_SCALE) ** 2 / 2;
  if (total < minPower) return null;
  const row = strongest(samples, start, n, DTMF_ROWS, sampleRate);
  const col = strongest(samples, start, n, DTMF_COLS, sampleRate);
  if ((row.power + col.power) / total < o.minToneEnergyShare) return null;
  const twist = Math.abs(10 * Math.log10(row.power / col.power));
  if (!(twist <= o.maxTwistDb)) return null;
  const margin = 10 ** (o.minGroupMarginDb / 10);
  if (row.power < row.runnerUp * margin || col.power < col.runnerUp * margin) return null;
  return KEYPAD[row.index]![col.index]!;
}

/**
 * Finds key presses in mono 16-bit PCM (any sample rate ≥ 4 kHz). A press must persist for
 * `minToneMs`; brief dropouts shorter than `minGapMs` don't split it.
 */
export function detectDtmf(
  samples: Int16Array,
  sampleRate: number,
  options: DtmfOptions = {},
): DtmfDigit[] {
  const o = { ...DEFAULTS, ...options };
  const n = Math.max(1, Math.round((sampleRate * o.blockMs) / 1000));
  const hop = Math.max(1, Math.round((sampleRate * o.hopMs) / 1000));
  const toMs = (sample: number): number => Math.round((sample * 1000) / sampleRate);
  const digits: DtmfDigit[] = [];
  let current: { digit: string; start: number; lastEnd: number } | null = null;
  const flush = (): void => {
    if (current && toMs(current.lastEnd - current.start) >= o.minToneMs) {
      digits.push({
        digit: current.digit,
        start_ms: toMs(current.start),
        end_ms: toMs(current.lastEnd),
      });
    }
    current = null;
  };
  for (let start = 0; start + n <= samples.length; start += hop) {
    const key = detectDtmfBlock(samples, start, n, sampleRate, o);
    if (current !== null) {
      const c: { digit: string; start: number; lastEnd: number } = current;
      const gap = toMs(start + n - c.lastEnd);
      if (key === c.digit) {
        c.lastEnd = start + n;
        continue;
      }
      if (key === null && gap < o.minGapMs) continue;
      flush();
    }
    if (key !== null) current = { digit: key, start, lastEnd: start + n };
  }
  flush();
  return digits;
}

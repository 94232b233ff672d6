/**
 * Leading/trailing silence detection on 16-bit PCM. Done on the samples rather than with
 * ffmpeg's silenceremove so the bounds are exact, testable, and reusable in the Worker.
 */
import { dbfsToRatio, PCM16_FULL_SCALE } from './pcm';

/** Options for {@link findTrimBounds}. */
export interface TrimOptions {
  /** Windows quieter than this (RMS, dBFS) count as silence. */
  thresholdDbfs: number;
  /** Leading/trailing silence shorter than this is kept (not worth cutting). */
  minSilenceMs: number;
  /** Analysis window; 10 ms keeps the error well inside the 50 ms accuracy target. */
  windowMs?: number;
}

/** Sample range [start, end) of the non-silent part. `start === end` means all silence. */
export interface TrimBounds {
  start: number;
  end: number;
}

/** Finds where sound begins and ends. Never throws; an empty input gives {0, 0}. */
export function findTrimBounds(
  samples: Int16Array,
  sampleRate: number,
  options: TrimOptions,
): TrimBounds {
  const win = Math.max(1, Math.round((sampleRate * (options.windowMs ?? 10)) / 1000));
  const limit = dbfsToRatio(options.thresholdDbfs) * PCM16_FULL_SCALE;
  const limitSq = limit * limit;
  const loud = (from: number): boolean => {
    const to = Math.min(samples.length, from + win);
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
    return to > from && sum / (to - from) > limitSq;
  };
  let first = -1;
  for (let w = 0; w < samples.length; w += win) {
    if (loud(w)) {
      first = w;
      break;
    }
  }
  if (first < 0) return { start: 0, end: 0 };
  let last = first;
  for (let w = Math.floor((samples.length - 1) / win) * win; w > first; w -= win) {
    if (loud(w)) {
      last = w;
      break;
    }
  }
  let start = refineEdge(samples, first, Math.min(samples.length, first + win), limit, 'start');
  let end = refineEdge(samples, last, Math.min(samples.length, last + win), limit, 'end');
  const minSilence = Math.round((sampleRate * options.minSilenceMs) / 1000);
  if (start < minSilence) start = 0;
  if (samples.length - end < minSilence) end = samples.length;
  return { start, end };
}

/**
 * Within the first/last loud window, moves the edge to the first/last sample whose magnitude
 * reaches the threshold, so a tone starting mid-window isn't cut early or late by ~10 ms.
 */
function refineEdge(
  samples: Int16Array,
  from: number,
  to: number,
  limit: number,
  side: 'start' | 'end',
): number {
  if (side === 'start') {
    for (let i = from; i < to; i++) if (Math.abs(samples[i]!) >= limit) return i;
    return from;
  }
  for (let i = to - 1; i >= from; i--) if (Math.abs(samples[i]!) >= limit) return i + 1;
  return to;
}

/**
 * Cutting long pauses out of audio before pocketsphinx decodes it, and mapping the decoder's
 * times back to the original audio.
 *
 * Why we do this ourselves: pocketsphinx normalises each utterance by its cepstral mean, and
 * silence in that mean ruins the start of the decode (measured: word error rate 56% without
 * silence removal vs 50% with, key terms 16 vs 19 of 25). Its own voice-activity detection
 * removes the pauses, but then reports word times with the removed frames left out, so a word
 * at 30 s comes back at 29 s, and a caller keeping only the new part of a window with context
 * cannot tell which words are new. Removing pauses here keeps the time map exact.
 */
import { frameLevels } from '#core/audio/features';

/** A kept stretch: `length` samples from `from` in the original, at `at` in the spliced audio. */
export interface Span {
  from: number;
  at: number;
  length: number;
}

/** Tunables of {@link findSpeechSpans}; the defaults were measured on ../shared/audio. */
export interface SpanOptions {
  frameMs: number;
  /** A frame is speech when this far above the audio's own noise floor (dB). */
  marginDb: number;
  /** …and above this absolute level (dBFS), so a digitally silent file has no speech. */
  floorDbfs: number;
  /** Pauses shorter than this stay in (words need their closures and short gaps). */
  minPauseMs: number;
  /** Audio kept on each side of speech, like pocketsphinx's pre/post-speech frames. */
  padMs: number;
}

export const DEFAULT_SPAN_OPTIONS: SpanOptions = {
  frameMs: 10,
  marginDb: 10,
  floorDbfs: -55,
  minPauseMs: 600,
  padMs: 250,
};

/** Percentile of levels (nearest rank). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The stretches of `pcm` worth decoding, in order; empty when nothing rises above silence. */
export function findSpeechSpans(
  pcm: Int16Array,
  rate: number,
  options: SpanOptions = DEFAULT_SPAN_OPTIONS,
): Span[] {
  if (pcm.length === 0) return [];
  const frame = Math.max(1, Math.round((rate * options.frameMs) / 1000));
  const levels = frameLevels(pcm, rate, options.frameMs);
  const limit = Math.max(options.floorDbfs, percentile(levels, 10) + options.marginDb);
  const pad = Math.round(options.padMs / options.frameMs);
  const minPause = Math.round(options.minPauseMs / options.frameMs);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < levels.length; i++) {
    if (levels[i]! <= limit) continue;
    const last = ranges.at(-1);
    if (last && i - last[1] < minPause) last[1] = i + 1;
    else ranges.push([i, i + 1]);
  }
  const spans: Span[] = [];
  let at = 0;
  let prevEnd = 0;
  for (const [start, end] of ranges) {
    const from = Math.max(prevEnd, (start - pad) * frame);
    const to = Math.min(pcm.length, (end + pad) * frame);
    if (to <= from) continue;
    const last = spans.at(-1);
    if (last && last.from + last.length === from) last.length += to - from;
    else spans.push({ from, at, length: to - from });
    at += to - from;
    prevEnd = to;
  }
  return spans;
}

/** The kept samples, back to back. */
export function spliceSpans(pcm: Int16Array, spans: readonly Span[]): Int16Array {
  const out = new Int16Array(spans.reduce((n, s) => n + s.length, 0));
  for (const s of spans) out.set(pcm.subarray(s.from, s.from + s.length), s.at);
  return out;
}

/** Maps a sample position in the spliced audio back to the original. */
export function toOriginal(spans: readonly Span[], splicedSample: number): number {
  let span = spans[0];
  for (const s of spans) {
    if (s.at > splicedSample) break;
    span = s;
  }
  return span ? span.from + Math.min(splicedSample - span.at, span.length) : splicedSample;
}

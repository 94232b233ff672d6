/**
 * The one interface every speech recognition engine implements. The pipeline only talks to
 * the selector, which picks the first available engine in the configured order.
 */
import type { AsrEngine, Segment, Word } from '#core/schemas/sidecar-protocol';

/** Engine output; segment and word times are ms from the start of the audio passed in. */
export interface Transcript {
  segments: Segment[];
  text: string;
  /** Per-word times when the engine has them; otherwise derived from the segments. */
  words?: Word[];
}

/** Per-call context: cancellation and a private scratch directory. */
export interface TranscribeContext {
  signal: AbortSignal;
  tmpDir: string;
}

/** A speech-to-text engine over 16 kHz mono 16-bit PCM. */
export interface Transcriber {
  readonly name: AsrEngine;
  /** Model identifier reported with every transcript, or null when not meaningful. */
  readonly model: string | null;
  /** Makes the engine ready (loads weights, checks binaries); throws a readable error if not. */
  load(): Promise<void>;
  /** Transcribes; must stop work (kill children) when `ctx.signal` aborts. */
  transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<Transcript>;
}

/** Joins segment texts with single spaces. */
export function joinSegments(segments: readonly Segment[]): string {
  return segments
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * Words with times for engines that only time segments: each segment's span is shared among
 * its words in proportion to their length (a rough but monotonic estimate, enough to tell
 * which words of a window with context are new).
 */
export function wordsFromSegments(segments: readonly Segment[]): Word[] {
  const words: Word[] = [];
  for (const seg of segments) {
    const parts = seg.text.trim().split(/\s+/).filter(Boolean);
    const letters = parts.reduce((n, w) => n + w.length, 0);
    const span = Math.max(0, seg.end_ms - seg.start_ms);
    let seen = 0;
    for (const word of parts) {
      const start = seg.start_ms + Math.round((span * seen) / letters);
      seen += word.length;
      words.push({
        word,
        start_ms: start,
        end_ms: seg.start_ms + Math.round((span * seen) / letters),
      });
    }
  }
  return words;
}

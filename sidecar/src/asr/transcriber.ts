/**
 * The one interface every speech recognition engine implements. The pipeline only talks to
 * the selector, which picks the first available engine in the configured order.
 */
import type { AsrEngine, Segment } from '#core/schemas/sidecar-protocol';

/** Engine output; segment times are ms from the start of the audio passed in. */
export interface Transcript {
  segments: Segment[];
  text: string;
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

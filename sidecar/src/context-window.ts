/**
 * Which part of a request's audio is decoded when the caller sends context (`context_ms`):
 * the new chunk, plus at most MAX_CONTEXT_MS of the audio before it. Bounding the context
 * bounds the work per live chunk whatever the caller sends.
 */
import { msToSamples, samplesToMs } from '#core/audio/pcm';
import { SidecarError } from './errors';

/** Where decoding starts and where the new chunk starts, in samples of the decoded audio. */
export interface ContextWindow {
  decodeFrom: number;
  split: number;
}

/** Resolves the window; throws INVALID_PARAMS when the context would leave no new audio. */
export function contextWindow(
  samples: number,
  rate: number,
  contextMs: number | undefined,
  maxContextMs: number,
): ContextWindow {
  if (contextMs === undefined || contextMs === 0) return { decodeFrom: 0, split: 0 };
  const split = msToSamples(contextMs, rate);
  if (split >= samples) {
    throw new SidecarError(
      'INVALID_PARAMS',
      `context_ms (${contextMs}) must be shorter than the audio (${samplesToMs(samples, rate)} ms)`,
    );
  }
  return { decodeFrom: Math.max(0, split - msToSamples(maxContextMs, rate)), split };
}

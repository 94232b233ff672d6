import { readWavHeader, WavError } from '#core/audio/wav-reader';
import type { INPUT_FORMATS } from '#core/schemas/sidecar-protocol';

/**
 * How long any caller waits for the sidecar, retries included. It grows with the audio, so a
 * long call gets the time its transcription needs, and is capped well under the 100 s after
 * which Cloudflare's proxy gives up on a request, so a hung sidecar is answered 503/504 with
 * Retry-After instead of leaving the caller hanging:
 *
 *     deadline = min(90 s, 15 s + 1 s × seconds of audio)
 *
 * 15 s covers the sidecar's fixed costs (queue wait, process start-up, decoding); 1 s per
 * second of audio is about twice what pocketsphinx needs on two cores (real-time factor
 * 0.25–0.46, see docs/api.md, *Sidecar deadlines*). A 5 s chunk gets 20 s, a 3-minute final pass 90 s.
 */
export const SIDECAR_DEADLINE = { baseMs: 15_000, perAudioSecondMs: 1_000, maxMs: 90_000 } as const;

/**
 * Background jobs answer no HTTP request, so the 100 s proxy limit doesn't bind them (see
 * {@link jobSidecarDeadlineMs}); this cap keeps a job's two sidecar calls (decode, transcribe)
 * inside a queue consumer's 15 minutes with room to score and write.
 */
export const JOB_SIDECAR_MAX_MS = 6 * 60_000;

/** The deadline for `audioMs` of audio (see {@link SIDECAR_DEADLINE}). */
export function sidecarDeadlineMs(audioMs: number, maxMs: number = SIDECAR_DEADLINE.maxMs): number {
  const scaled =
    SIDECAR_DEADLINE.baseMs + (Math.max(0, audioMs) / 1000) * SIDECAR_DEADLINE.perAudioSecondMs;
  return Math.round(Math.min(maxMs, scaled));
}

/**
 * A background job's deadline for one sidecar call on its `attempt`-th try: twice the
 * request deadline's slope (nobody is waiting, and the deadline is only there to catch a hung
 * sidecar), one more multiple with every retry, capped at {@link JOB_SIDECAR_MAX_MS}. A job
 * that timed out because the machine was busy would time out again with the same deadline; a
 * 30 s call gets 90 s, then 135 s, 180 s …
 */
export function jobSidecarDeadlineMs(audioMs: number, attempt: number): number {
  const factor = 1 + Math.max(1, attempt);
  return Math.min(
    JOB_SIDECAR_MAX_MS,
    factor * sidecarDeadlineMs(audioMs, Number.POSITIVE_INFINITY),
  );
}

/** Compressed speech is rarely below 16 kbit/s: bytes ÷ 2,000 over-estimates its seconds. */
const MIN_COMPRESSED_BYTES_PER_SECOND = 2_000;

/**
 * How long the audio in an upload can be, without decoding it: exact for WAV and raw G.711 or
 * PCM, an upper bound for compressed formats. Errs long, so the deadline errs generous.
 */
export function estimateAudioMs(
  bytes: Uint8Array,
  params: { format?: (typeof INPUT_FORMATS)[number]; sample_rate?: number; channels?: number },
): number {
  const { format, sample_rate: rate, channels = 1 } = params;
  if (format && format !== 'auto' && rate) {
    const bytesPerSample = format === 's16le' ? 2 : 1;
    return (bytes.byteLength / (bytesPerSample * channels * rate)) * 1000;
  }
  try {
    return readWavHeader(bytes).durationMs;
  } catch (error) {
    if (!(error instanceof WavError)) throw error;
    return audioMsBound(bytes.byteLength);
  }
}

/** An upper bound on the audio in `size` bytes of any format, read from its size alone. */
export function audioMsBound(size: number): number {
  return (size / MIN_COMPRESSED_BYTES_PER_SECOND) * 1000;
}

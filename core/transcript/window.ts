/**
 * The audio a live chunk is decoded with: the trailing `maxContextMs` of the call before it,
 * then the chunk, as one WAV for the sidecar's `POST /v1/process?context_ms=…`. Pure: no
 * runtime APIs, so the CallSession Durable Object and the streaming bench build the same bytes.
 */
import { encodeWav16, msToSamples, samplesToMs } from '../audio/pcm';
import { decodeWavMono16, WavError } from '../audio/wav-reader';

/** What to send for one chunk, and where its window sits in the call. */
export interface ChunkWindow {
  /** 16-bit mono WAV: context, then the chunk. */
  wav: Uint8Array;
  /** The `context_ms` parameter: how much of `wav` comes before the chunk. */
  contextMs: number;
  /** Where `wav` starts in the call (ms): add it to the sidecar's word times. */
  offsetMs: number;
}

function tryDecode(bytes: Uint8Array): { sampleRate: number; samples: Int16Array } | null {
  try {
    return decodeWavMono16(bytes);
  } catch (error) {
    if (error instanceof WavError) return null;
    throw error;
  }
}

/**
 * Builds the window for `chunk` from the call's earlier chunks (oldest first, WAV bytes as
 * received; only the last few are read). An earlier chunk that can't be read or differs in
 * sample rate ends the context there, so a window never mixes rates or skips audio. Null when
 * the chunk itself is not a readable WAV.
 */
export function chunkWindow(
  earlier: readonly Uint8Array[],
  chunk: Uint8Array,
  options: { maxContextMs: number; chunkStartMs: number },
): ChunkWindow | null {
  const current = tryDecode(chunk);
  if (!current) return null;
  const rate = current.sampleRate;
  const want = msToSamples(Math.max(0, Math.min(options.maxContextMs, options.chunkStartMs)), rate);
  const parts: Int16Array[] = [];
  let have = 0;
  for (let i = earlier.length - 1; i >= 0 && have < want; i--) {
    const decoded = tryDecode(earlier[i]!);
    if (!decoded || decoded.sampleRate !== rate) break;
    const take = decoded.samples.subarray(Math.max(0, decoded.samples.length - (want - have)));
    parts.unshift(take);
    have += take.length;
  }
  const samples = new Int16Array(have + current.samples.length);
  let at = 0;
  for (const p of [...parts, current.samples]) {
    samples.set(p, at);
    at += p.length;
  }
  const contextMs = samplesToMs(have, rate);
  return {
    wav: encodeWav16(samples, rate),
    contextMs,
    offsetMs: Math.max(0, options.chunkStartMs - contextMs),
  };
}

/**
 * Joins WAV files end to end. Pure: no runtime-specific imports.
 */
import { encodeWav16 } from './pcm';
import { decodeWavMono16, WavError } from './wav-reader';

/**
 * Joins the chunks into one 16-bit mono WAV. Null when they disagree on sample rate (a client
 * that changes format mid-call) or none can be read: the final then keeps the chunk transcript.
 */
export function joinWavs(chunks: Uint8Array[]): Uint8Array | null {
  const decoded: { sampleRate: number; samples: Int16Array }[] = [];
  for (const chunk of chunks) {
    try {
      decoded.push(decodeWavMono16(chunk));
    } catch (error) {
      if (error instanceof WavError) continue;
      throw error;
    }
  }
  const rate = decoded[0]?.sampleRate;
  if (rate === undefined || decoded.some((d) => d.sampleRate !== rate)) return null;
  const total = decoded.reduce((n, d) => n + d.samples.length, 0);
  const joined = new Int16Array(total);
  let offset = 0;
  for (const d of decoded) {
    joined.set(d.samples, offset);
    offset += d.samples.length;
  }
  return encodeWav16(joined, rate);
}

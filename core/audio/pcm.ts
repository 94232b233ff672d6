/**
 * 16-bit PCM and WAV helpers. Pure: no runtime-specific imports, so the Worker, the
 * CallSession Durable Object and the media sidecar share one implementation.
 */

/** Floor used instead of -Infinity so levels always serialise to JSON. */
export const MIN_DBFS = -120;

/** Full scale of signed 16-bit PCM. */
export const PCM16_FULL_SCALE = 32768;

/** Converts a linear amplitude ratio (1 = full scale) to dBFS, floored at {@link MIN_DBFS}. */
export function ratioToDbfs(ratio: number): number {
  if (!(ratio > 0)) return MIN_DBFS;
  return Math.max(MIN_DBFS, 20 * Math.log10(ratio));
}

/** Converts dBFS to a linear amplitude ratio (1 = full scale). */
export function dbfsToRatio(dbfs: number): number {
  return 10 ** (dbfs / 20);
}

/**
 * Reads little-endian signed 16-bit samples. A trailing odd byte is ignored because a half
 * sample cannot be meaningful.
 */
export function pcm16FromBytes(bytes: Uint8Array): Int16Array {
  const count = bytes.byteLength >> 1;
  const out = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Writes samples as little-endian bytes regardless of the host's endianness. */
export function pcm16ToBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return out;
}

/** Scales 16-bit samples to floats in [-1, 1), the input shape speech models expect. */
export function pcm16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / PCM16_FULL_SCALE;
  return out;
}

/** Converts floats to 16-bit samples with clamping (no wrap-around on overshoot). */
export function float32ToPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * PCM16_FULL_SCALE);
    out[i] = Math.max(-32768, Math.min(32767, v));
  }
  return out;
}

/** Milliseconds represented by `sampleCount` samples of one channel. */
export function samplesToMs(sampleCount: number, sampleRate: number): number {
  return Math.round((sampleCount * 1000) / sampleRate);
}

/** Sample index nearest to `ms` at `sampleRate`. */
export function msToSamples(ms: number, sampleRate: number): number {
  return Math.round((ms * sampleRate) / 1000);
}

/** Encodes interleaved 16-bit PCM as a canonical 44-byte-header WAV file. */
export function encodeWav16(
  samples: Int16Array,
  sampleRate: number,
  channels = 1,
): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  out.set(pcm16ToBytes(samples), 44);
  return out;
}

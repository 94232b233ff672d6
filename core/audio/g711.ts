/**
 * G.711 µ-law and A-law codecs (ITU-T G.711), the encodings of telephone audio: Twilio Media
 * Streams send µ-law at 8 kHz. Pure code so the Worker can decode without ffmpeg.
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

/** Decodes one µ-law byte to a 16-bit linear sample. */
export function mulawDecodeSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? 0 - magnitude : magnitude;
}

/** Encodes one 16-bit linear sample as a µ-law byte. */
export function mulawEncodeSample(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s = Math.min(s, MULAW_CLIP) + MULAW_BIAS;
  // The segment is the position of the highest set bit above the 8-bit bias floor.
  let exponent = 7;
  for (let mask = 0x4000; exponent > 0 && (s & mask) === 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes one A-law byte to a 16-bit linear sample. */
export function alawDecodeSample(byte: number): number {
  const a = (byte ^ 0x55) & 0xff;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude =
    exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  // In A-law a set sign bit means positive, the opposite of µ-law.
  return a & 0x80 ? magnitude : 0 - magnitude;
}

/** Encodes one 16-bit linear sample as an A-law byte. */
export function alawEncodeSample(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (!sign) s = -s - 1;
  s = Math.min(s, 32767);
  let compressed: number;
  if (s >= 256) {
    let exponent = 7;
    for (let mask = 0x4000; exponent > 1 && (s & mask) === 0; mask >>= 1) exponent--;
    compressed = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  } else {
    compressed = s >> 4;
  }
  return (compressed | sign) ^ 0x55;
}

/** Decodes a µ-law byte buffer to 16-bit PCM. */
export function mulawDecode(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = mulawDecodeSample(bytes[i]!);
  return out;
}

/** Encodes 16-bit PCM as µ-law bytes. */
export function mulawEncode(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = mulawEncodeSample(samples[i]!);
  return out;
}

/** Decodes an A-law byte buffer to 16-bit PCM. */
export function alawDecode(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = alawDecodeSample(bytes[i]!);
  return out;
}

/** Encodes 16-bit PCM as A-law bytes. */
export function alawEncode(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = alawEncodeSample(samples[i]!);
  return out;
}

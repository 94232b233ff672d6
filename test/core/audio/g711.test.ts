import { describe, expect, it } from 'vitest';
import {
  alawDecode,
  alawDecodeSample,
  alawEncode,
  mulawDecode,
  mulawDecodeSample,
  mulawEncode,
} from '#core/audio/g711';

const ramp = Int16Array.from({ length: 65536 / 16 }, (_, i) => -32768 + i * 16);

describe('G.711 µ-law', () => {
  it('decodes the reference code points', () => {
    expect(mulawDecodeSample(0xff)).toBe(0);
    expect(mulawDecodeSample(0x7f)).toBe(0);
    expect(mulawDecodeSample(0x00)).toBe(-32124);
    expect(mulawDecodeSample(0x80)).toBe(32124);
  });

  it('round-trips within the quantisation step of each segment', () => {
    const back = mulawDecode(mulawEncode(ramp));
    for (let i = 0; i < ramp.length; i++) {
      const x = ramp[i]!;
      // µ-law steps grow with magnitude: roughly 1/16 of the value, at least 8.
      expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(Math.max(8, Math.abs(x) / 16) + 132);
    }
  });

  it('is idempotent after one encode (decode→encode→decode is stable)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const decoded = mulawDecode(all);
    expect(mulawDecode(mulawEncode(decoded))).toEqual(decoded);
  });
});

describe('G.711 A-law', () => {
  it('decodes the reference code points', () => {
    expect(alawDecodeSample(0xd5)).toBe(8);
    expect(alawDecodeSample(0x55)).toBe(-8);
    expect(alawDecodeSample(0xaa)).toBe(32256);
    expect(alawDecodeSample(0x2a)).toBe(-32256);
  });

  it('round-trips within the quantisation step of each segment', () => {
    const back = alawDecode(alawEncode(ramp));
    for (let i = 0; i < ramp.length; i++) {
      const x = ramp[i]!;
      expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(Math.max(16, Math.abs(x) / 16) + 1);
    }
  });

  it('is idempotent after one encode', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const decoded = alawDecode(all);
    expect(alawDecode(alawEncode(decoded))).toEqual(decoded);
  });
});

import { describe, expect, it } from 'vitest';
import { Base64Error, fromBase64, toBase64, toHex } from '#core/encoding';

/** Lengths 0–40 cover every padding case several times over. */
const samples = Array.from({ length: 41 }, (_, n) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff),
);

describe('toHex', () => {
  it('writes two lowercase digits a byte, as the stored key hashes and event ids do', () => {
    expect(toHex(Uint8Array.of(0, 1, 0x0f, 0x10, 0xab, 0xff))).toBe('00010f10abff');
    for (const bytes of samples) expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
  });
});

describe('toBase64 / fromBase64', () => {
  it('match btoa and Buffer byte for byte, every padding case', () => {
    for (const bytes of samples) {
      const text = toBase64(bytes);
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
    }
  });

  it('read what atob reads: no padding, white space', () => {
    for (const text of ['YQ', 'YWI', 'Y Q==', 'YW\nJj', '', 'AAAA']) {
      expect([...fromBase64(text)]).toEqual([...atob(text)].map((c) => c.charCodeAt(0)));
    }
  });

  it('refuse what atob refuses', () => {
    for (const text of ['Y', 'YQ=', 'YQ===', '@@@@', 'YQ-_', 'é===']) {
      expect(() => atob(text)).toThrow();
      expect(() => fromBase64(text)).toThrow(Base64Error);
    }
  });
});

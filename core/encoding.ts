/**
 * Bytes as text: lowercase hex and standard (padded) base64, for every runtime. Pure: written
 * out rather than through `btoa`/`atob`, which core's ES-only lib does not type. Base64url is
 * jose's (`import { base64url } from 'jose'`), used where a runtime has jose.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
/** What forgiving-base64 (WHATWG, `atob`) skips: ASCII white space. */
const WHITE_SPACE = /[\t\n\f\r ]/g;

/** Lowercase hex, two digits a byte. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Standard base64 with `=` padding, as `btoa` writes it. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

/** Thrown by `fromBase64` for text that is not base64. */
export class Base64Error extends Error {
  override name = 'Base64Error';
}

/**
 * The bytes of standard base64, read as `atob` reads it (white space skipped, padding
 * optional); throws `Base64Error` where `atob` would throw.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  let s = text.replace(WHITE_SPACE, '');
  if (s.length % 4 === 0) s = s.replace(/={1,2}$/, '');
  if (s.length % 4 === 1) throw new Base64Error('not base64: wrong length');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (const c of s) {
    const v = VALUE.get(c);
    if (v === undefined) throw new Base64Error('not base64: unexpected character');
    bits = ((bits << 6) | v) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
    }
  }
  return out;
}

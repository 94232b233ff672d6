/**
 * The one HMAC of the Worker (Web Crypto): Worker-signed storage URLs (SHA-256, hex), Twilio's
 * request signature (SHA-1, base64) and Standard Webhooks signatures (SHA-256, base64). Each
 * caller encodes the MAC as its scheme says (`#core/encoding`).
 */

const encoder = new TextEncoder();

const bytes = (value: string | Uint8Array): Uint8Array<ArrayBuffer> =>
  new Uint8Array(typeof value === 'string' ? encoder.encode(value) : value);

/** The MAC of `message` under `key`; text is taken as its UTF-8 bytes. */
export async function hmac(
  hash: 'SHA-1' | 'SHA-256',
  key: string | Uint8Array,
  message: string | Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    bytes(key),
    { name: 'HMAC', hash },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, bytes(message)));
}

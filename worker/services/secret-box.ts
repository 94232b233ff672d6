/**
 * Encrypts the secrets an organisation hands us to act for it (a Twilio auth token) before
 * they are stored: AES-256-GCM under a key derived (SHA-256) from `INTEGRATION_SECRETS_KEY`.
 * Stored as `v1.<iv>.<ciphertext>`, both base64url. Runs in the Worker and in Node (seeding).
 */

const VERSION = 'v1';

async function aesKey(secret: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return crypto.subtle.importKey('raw', digest, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Encrypts `plaintext` under `secret`; a fresh IV each time. */
export async function sealSecret(secret: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await aesKey(secret),
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Decrypts what `sealSecret` made; null when it was sealed under another key or altered. */
export async function openSecret(secret: string, sealed: string): Promise<string | null> {
  const [version, iv, body] = sealed.split('.');
  if (version !== VERSION || !iv || !body) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv) },
      await aesKey(secret),
      fromBase64Url(body),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

/**
 * Encrypts the secrets an organisation hands us to act for it (a Twilio auth token) before
 * they are stored: AES-256-GCM under a key derived (SHA-256) from `INTEGRATION_SECRETS_KEY`.
 * Stored as `v1.<iv>.<ciphertext>`, both base64url. Runs in the Worker and in Node (seeding).
 */

import { base64url } from 'jose';

const VERSION = 'v1';

async function aesKey(secret: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return crypto.subtle.importKey('raw', digest, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Encrypts `plaintext` under `secret`; a fresh IV each time. */
export async function sealSecret(secret: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await aesKey(secret),
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

/** Decrypts what `sealSecret` made; null when it was sealed under another key or altered. */
export async function openSecret(secret: string, sealed: string): Promise<string | null> {
  const [version, iv, body] = sealed.split('.');
  if (version !== VERSION || !iv || !body) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(base64url.decode(iv)) },
      await aesKey(secret),
      new Uint8Array(base64url.decode(body)),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

import { base64url } from 'jose';
import { toHex } from '#core/encoding';

/**
 * Organisation API keys as the database stores them (migrations/*_api_keys.sql): the key is
 * `csk_` + 32 random bytes in base64url (43 characters); a row keeps its first characters
 * (`prefix`) and the lowercase hex SHA-256 of the whole key's UTF-8 bytes (`hash`), never the
 * key. Web Crypto only, so the Worker, the seed and the tests share this one definition.
 */

export const API_KEY_MARKER = 'csk_';
/** How many leading characters of a key are stored and shown, marker included. */
export const API_KEY_SHOWN_LENGTH = 12;

const KEY_SHAPE = /^csk_[A-Za-z0-9_-]{43}$/;

/** What is stored for a key, and the key itself (shown once, never stored). */
export interface IssuedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/** Whether `value` has the shape of an organisation key (says nothing about its validity). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

/** The stored hash of `key`. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return toHex(new Uint8Array(digest));
}

/** A new random key with its stored prefix and hash. */
export async function issueApiKey(): Promise<IssuedApiKey> {
  const key = API_KEY_MARKER + base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  return { key, prefix: key.slice(0, API_KEY_SHOWN_LENGTH), hash: await hashApiKey(key) };
}

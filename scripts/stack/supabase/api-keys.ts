import { createHash, randomBytes } from 'node:crypto';

/**
 * Organisation API keys as the database stores them (migrations/*_api_keys.sql): the key is
 * `csk_` + 32 random bytes in base64url; the row keeps its first characters (`prefix`) and the
 * lowercase hex SHA-256 of the whole key's UTF-8 bytes (`hash`), never the key.
 */
export const API_KEY_MARKER = 'csk_';
/** How many leading characters of a key are stored and shown, marker included. */
export const API_KEY_SHOWN_LENGTH = 12;

/** What is stored for a key. */
export interface IssuedApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
  hash: string;
}

/** The stored hash of `key`. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key with its stored prefix and hash. */
export function issueApiKey(): IssuedApiKey {
  const key = API_KEY_MARKER + randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, API_KEY_SHOWN_LENGTH), hash: hashApiKey(key) };
}

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): every delivery carries
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
 * list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the base64-decoded
 * secret. During a secret rotation's grace period the list holds one signature per secret, so
 * a receiver still holding the old secret verifies as well as one holding the new.
 * Receivers verify with the `standardwebhooks` package or Svix's libraries; our tests do too.
 */

import { fromBase64, toBase64 } from '#core/encoding';
import { hmac } from '../services/hmac';

/** Every signing secret starts with this (as in Svix and the Standard Webhooks libraries). */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

async function sign(secret: string, content: string): Promise<string> {
  const raw = fromBase64(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
  );
  return `v1,${toBase64(await hmac('SHA-256', raw, content))}`;
}

/** The three Standard Webhooks headers for one attempt, signed with every secret given. */
export async function signedHeaders(
  secrets: string[],
  message: { id: string; timestampS: number; body: string },
): Promise<Record<string, string>> {
  if (secrets.length === 0) throw new Error('no signing secret');
  const content = `${message.id}.${message.timestampS}.${message.body}`;
  const signatures = await Promise.all(secrets.map((secret) => sign(secret, content)));
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestampS),
    'webhook-signature': signatures.join(' '),
  };
}

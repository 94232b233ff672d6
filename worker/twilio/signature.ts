/**
 * Twilio's request signature (`X-Twilio-Signature`): base64 HMAC-SHA1, keyed with the
 * account's auth token, over the full URL Twilio requested followed by every POST parameter's
 * name and value, sorted by name. Twilio may sign the URL with or without its default port,
 * so both forms are tried, as Twilio's own helper libraries do. Compared in constant time.
 */
import { constantTimeEqual } from '#core/constant-time';
import { toBase64 } from '#core/encoding';
import { hmac } from '../services/hmac';

/** The header Twilio signs its requests with. */
export const SIGNATURE_HEADER = 'X-Twilio-Signature';

/** The signature Twilio sends for `url` and `params` (an empty list for a GET). */
export async function twilioSignature(
  authToken: string,
  url: string,
  params: [string, string][],
): Promise<string> {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = url + sorted.map(([name, value]) => name + value).join('');
  return toBase64(await hmac('SHA-1', authToken, data));
}

const DEFAULT_PORTS: Record<string, string> = {
  'https:': '443',
  'wss:': '443',
  'http:': '80',
  'ws:': '80',
};

/**
 * `url` as written, with its default port added, and with it removed. A URL with another port
 * is only ever signed with it. (`URL` drops a default port, so `parsed.port` is set only for
 * another one.)
 */
export function urlForms(url: string): string[] {
  const parsed = new URL(url);
  const port = DEFAULT_PORTS[parsed.protocol];
  if (!port || parsed.port !== '') return [url];
  const authority = `${parsed.protocol}//${parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : ''}`;
  const rest = `${parsed.pathname}${parsed.search}`;
  const withPort = `${authority}${parsed.hostname}:${port}${rest}`;
  const withoutPort = `${authority}${parsed.hostname}${rest}`;
  return [...new Set([url, withPort, withoutPort])];
}

/** Whether `signature` is Twilio's for `url` and `params`, with or without the default port. */
export async function validTwilioSignature(
  authToken: string,
  signature: string | null | undefined,
  url: string,
  params: [string, string][],
): Promise<boolean> {
  if (!signature) return false;
  let ok = false;
  // Every form is checked, so the time taken does not say which one matched.
  for (const form of urlForms(url)) {
    if (constantTimeEqual(await twilioSignature(authToken, form, params), signature)) ok = true;
  }
  return ok;
}

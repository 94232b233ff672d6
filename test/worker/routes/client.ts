import { exports } from 'cloudflare:workers';

/** Sends a request to the Worker under test (inside workerd) and returns the response. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://edge.test${path}`, init));
}

/** POSTs a JSON body (any value, so tests can send wrong shapes on purpose). */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export const TEXT_PATHS = ['/analyze/text', '/api/analyze/transcript'] as const;

export const IRS_GIFT_CARD_SCRIPT =
  'This is Officer James Miller from the Internal Revenue Service. We have found serious discrepancies in your tax ' +
  'returns and there is a warrant for your arrest. To avoid immediate arrest you must pay $4,800 today. Go to the ' +
  'nearest store and buy Google Play gift cards, then read me the numbers on the back. Do not tell anyone about ' +
  'this call and do not hang up, or the police will be at your door within the hour.';

export const FRIENDLY_CALL =
  "Hey Sam, it's Mia! Just calling to say thanks for dinner on Saturday, it was lovely to see you and the kids. " +
  'Are we still on for the hike next weekend? Let me know, and say hi to your mum for me. Talk soon, bye!';

/**
 * Our error code in a body: in the envelope (`error.code`), or beside CallShield's shapes at
 * the top level (`code`) on its paths.
 */
export function codeOf(body: unknown): string | undefined {
  const b = body as { error?: { code?: string } | string; code?: string } | null;
  return typeof b?.error === 'object' ? b.error.code : b?.code;
}

/** Our error message in a body, wherever its shape keeps it (see `codeOf`). */
export function messageOf(body: unknown): string | undefined {
  const b = body as { error?: { message?: string } | string; message?: string } | null;
  return typeof b?.error === 'object' ? b.error.message : b?.message;
}

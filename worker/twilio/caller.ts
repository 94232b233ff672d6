import { toHex } from '#core/encoding';
import { parseVerstat } from '#core/trust/caller-trust';
import type { StreamCaller } from '../../durable-objects/call-session/contract';
import { hmac } from '../services/hmac';

/**
 * Who is calling, as the voice webhook hands it to the call (docs/campaigns.md, "Caller
 * trust"): Twilio's STIR/SHAKEN result (`StirVerstat`) and the keyed hash of the caller's E.164
 * number. The number itself goes no further than this module: its history in an organisation
 * (`caller_numbers`) is keyed by the hash, and nothing logs it.
 */

/**
 * Twilio's stand-ins for a withheld caller ID (the words spelled on a keypad: ANONYMOUS,
 * RESTRICTED, BLOCKED, UNAVAILABLE). They look like E.164 numbers but belong to nobody, so they
 * get no history.
 */
const WITHHELD = new Set(['+266696687', '+7378742833', '+2562533', '+8656696']);

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The caller's number in E.164, or null when there is none to trust: withheld (`anonymous`,
 * Twilio's stand-ins), a SIP or client address, or anything else that is not a phone number.
 * Spaces, dots, dashes and parentheses are dropped first.
 */
export function callerNumber(from: string): string | null {
  const compact = from.replace(/[\s().-]/g, '');
  if (!E164.test(compact) || WITHHELD.has(compact)) return null;
  return compact;
}

/** The keyed hash of an E.164 number (HMAC-SHA256, hex). */
export async function callerHash(key: string, e164: string): Promise<string> {
  return toHex(await hmac('SHA-256', key, `caller-number:${e164}`));
}

/**
 * What the stream token carries about the caller. No key (a local run without
 * CALLER_HASH_KEY; production refuses to start without it) means no hash, so no history; the
 * attestation still counts. An unknown `StirVerstat` counts as none.
 */
export async function streamCaller(
  key: string | null,
  fields: { From?: unknown; StirVerstat?: unknown },
): Promise<StreamCaller> {
  const number = typeof fields.From === 'string' ? callerNumber(fields.From) : null;
  return {
    hash: key && number ? await callerHash(key, number) : null,
    verstat: parseVerstat(fields.StirVerstat),
  };
}

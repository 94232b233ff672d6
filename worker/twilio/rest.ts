/**
 * Twilio's REST API, the one call we make: updating a live call with new TwiML
 * (`POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json`, form `Twiml=…`, HTTP basic
 * auth with the account SID and auth token). Used to speak a warning into a `<Start>` call,
 * whose media stream is one-way.
 */

import { toBase64 } from '#core/encoding';

const TIMEOUT_MS = 10_000;

/** What a call update needs. */
export interface CallUpdate {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  callSid: string;
  twiml: string;
}

/** Updates a live call's TwiML; resolves with Twilio's HTTP status (200 when it took it). */
export async function updateCall(
  update: CallUpdate,
  fetcher: typeof fetch = fetch,
): Promise<number> {
  const url = `${update.baseUrl}/2010-04-01/Accounts/${update.accountSid}/Calls/${update.callSid}.json`;
  try {
    const res = await fetcher(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${toBase64(new TextEncoder().encode(`${update.accountSid}:${update.authToken}`))}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ Twiml: update.twiml }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

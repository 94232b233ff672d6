/**
 * Redirecting a live call to a spoken message, through Twilio's REST API with the
 * organisation's own Twilio account. A `<Start>` call's media stream is one-way, so this is how
 * its caller hears the warning (`TWILIO_REDIRECT_START_CALLS=true`); the CallSession asks for it
 * through its dependencies (worker/services/call-session-deps.ts).
 */
import { accountForOrg } from '../db/twilio-integrations';
import type { Services } from '../services';
import { openSecret } from '../services/secret-box';
import { updateCall } from './rest';
import { sayTwiml } from './twiml';

/** Redirects the call to a `<Say>` of `text`; Twilio's HTTP status (0: not sent). Never rejects. */
export async function redirectToSay(
  services: Pick<Services, 'config' | 'db'>,
  org: string,
  callSid: string,
  text: string,
): Promise<number> {
  const { config, db } = services;
  if (!db || !config.twilio.secretsKey) return 0;
  const account = await accountForOrg(db.service, org).catch(() => null);
  const token = account
    ? await openSecret(config.twilio.secretsKey, account.auth_token_sealed)
    : null;
  if (!account || !token) return 0;
  return updateCall({
    baseUrl: config.twilio.apiBaseUrl,
    accountSid: account.account_sid,
    authToken: token,
    callSid,
    twiml: sayTwiml(text),
  });
}

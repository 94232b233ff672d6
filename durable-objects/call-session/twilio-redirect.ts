/**
 * The warning for a `<Start>` call (`TWILIO_REDIRECT_START_CALLS=true`): its media stream is
 * one-way, so the call itself is redirected, through Twilio's REST API, to a `<Say>` of the
 * warning. Uses the organisation's own Twilio account.
 */
import { accountForOrg } from '../../worker/db/twilio-integrations';
import type { Services } from '../../worker/services';
import { openSecret } from '../../worker/services/secret-box';
import { updateCall } from '../../worker/twilio/rest';
import { sayTwiml } from '../../worker/twilio/twiml';
import { WARNING_TEXT } from './twilio-warning';

/** Redirects the call to the spoken warning; Twilio's HTTP status (0: not sent). Never rejects. */
export async function redirectWithWarning(
  services: Services,
  org: string,
  callSid: string,
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
    twiml: sayTwiml(WARNING_TEXT),
  });
}

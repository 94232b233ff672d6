import type { SupabaseClient } from '@supabase/supabase-js';
import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import { accountForNumber, accountForOrg, type TwilioAccount } from '../db/twilio-integrations';
import { ApiError } from '../errors';
import { TtlCache } from '../services/auth/ttl-cache';
import { openSecret } from '../services/secret-box';
import { SIGNATURE_HEADER, validTwilioSignature } from './signature';

/**
 * Who a request from Twilio is for, and whether Twilio really sent it. Every refusal is the
 * same 403, so a forger learns nothing about which numbers or organisations exist.
 */

const FORBIDDEN = 'the request is not signed by the Twilio account of this number';

/**
 * Accounts looked up in the last 30 s, in this isolate: a call's webhook and its socket (and
 * a burst of calls to one number) read the database once, not each time. An admin's change
 * clears this isolate's entries at once; other isolates see it within the TTL.
 */
const ACCOUNT_TTL_MS = 30_000;
const newCache = () =>
  new TtlCache<string, TwilioAccount | null>({
    ttlMs: ACCOUNT_TTL_MS,
    maxEntries: 1_000,
    now: Date.now,
  });
let accounts = newCache();

/** Forgets every cached account (an integration was changed or removed). */
export function forgetTwilioAccounts(): void {
  accounts = newCache();
}

async function lookUp(service: SupabaseClient, find: { number: string } | { org: string }) {
  const key = 'number' in find ? `number:${find.number}` : `org:${find.org}`;
  const cached = accounts.get(key);
  if (cached !== undefined) return cached;
  const account =
    'number' in find
      ? await accountForNumber(service, find.number)
      : await accountForOrg(service, find.org);
  accounts.set(key, account);
  return account;
}

/** The database and the key the auth tokens are sealed with; 503 without either. */
export function twilioBackend(config: AppConfig, db: Database | null) {
  if (!db)
    throw new ApiError('DATABASE_UNAVAILABLE', 'no database is configured on this server', {
      retryAfter: 60,
    });
  if (!config.twilio.secretsKey)
    throw new ApiError('UPSTREAM_UNAVAILABLE', 'Twilio integrations are not configured here');
  return { service: db.service, key: config.twilio.secretsKey };
}

/**
 * The account `find` names, once `signature` proves Twilio signed `url` and `params` with its
 * auth token. Throws 403 otherwise.
 */
export async function verifiedAccount(
  backend: { service: SupabaseClient; key: string },
  find: { number: string } | { org: string },
  request: { signature: string | null; url: string; params: [string, string][] },
): Promise<TwilioAccount> {
  const account = await lookUp(backend.service, find);
  const token = account ? await openSecret(backend.key, account.auth_token_sealed) : null;
  if (
    !account ||
    !token ||
    !(await validTwilioSignature(token, request.signature, request.url, request.params))
  )
    throw new ApiError('FORBIDDEN', FORBIDDEN);
  return account;
}

export { SIGNATURE_HEADER };

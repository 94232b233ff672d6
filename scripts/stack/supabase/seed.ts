import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';
import { hashApiKey, issueApiKey } from '../../../worker/services/auth/api-key';
import { sealSecret } from '../../../worker/services/secret-box';
import type { LocalSupabase } from './supabase';

/** Fixed ids, so every start finds the same dev organisation instead of adding another. */
export const DEV_USER_ID = '0de0de00-0000-4000-8000-000000000001';
export const DEV_ORG_ID = '0de0de00-0000-4000-8000-000000000002';
const DEV_EMAIL = 'dev@callshield.local';
const DEV_KEY_NAME = 'npm start';
/** The printed user token is re-signed on every start; a week outlives any dev session. */
const DEV_JWT_LIFETIME_S = 7 * 24 * 3600;

/** What `npm start` writes to `.local/dev-credentials.json` for scripts and tests. */
export interface DevCredentials {
  api_url: string;
  org_id: string;
  api_key: string;
  user_id: string;
  user_email: string;
  user_jwt: string;
  supabase_url: string;
  anon_key: string;
  /** Bypasses row-level security: local use only. */
  service_role_key: string;
  /** Signs every token of the local project: local use only. */
  jwt_secret: string;
  /** The dev organisation's Twilio integration: a simulator signs as this account. */
  twilio_account_sid: string;
  twilio_auth_token: string;
  /** The number the integration covers (the `To` of a simulated call). */
  twilio_phone_number: string;
}

/** The dev organisation's (made-up) Twilio account and number. */
export const DEV_TWILIO_ACCOUNT_SID = 'AC0de0de00000040008000000000000002';
export const DEV_TWILIO_NUMBER = '+15005550006';

async function previous(path: string): Promise<Partial<DevCredentials>> {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Partial<DevCredentials>;
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Seeds the dev owner (in auth.users), the dev organisation and an API key, idempotently:
 * the organisation and user are found again by their fixed ids, and the API key in
 * `credentialsPath` is kept while its hash is still stored, unrevoked and unexpired (a new one
 * is issued otherwise). Writes the credentials file (mode 600) and returns its contents.
 */
export async function seedDev(
  supabase: LocalSupabase,
  options: { apiUrl: string; credentialsPath: string; integrationSecretsKey: string },
): Promise<DevCredentials> {
  const client = new pg.Client({ connectionString: supabase.dbUrl });
  await client.connect();
  const old = await previous(options.credentialsPath);
  let apiKey = str(old.api_key);
  // Kept across starts like the key; sealed again under this start's INTEGRATION_SECRETS_KEY.
  const twilioToken = /^[0-9a-f]{32}$/.test(old.twilio_auth_token ?? '')
    ? (old.twilio_auth_token as string)
    : randomBytes(16).toString('hex');
  try {
    await client.query('begin');
    await client.query(
      'insert into auth.users (id, email) values ($1, $2) on conflict (id) do nothing',
      [DEV_USER_ID, DEV_EMAIL],
    );
    await client.query(
      `insert into public.organizations (id, name, created_by) values ($1, 'Dev organisation', $2)
       on conflict (id) do nothing`,
      [DEV_ORG_ID, DEV_USER_ID],
    );
    await client.query(
      `insert into public.organization_members (organization_id, user_id, role)
       values ($1, $2, 'owner') on conflict (organization_id, user_id) do nothing`,
      [DEV_ORG_ID, DEV_USER_ID],
    );
    const live = apiKey
      ? await client.query(
          `select 1 from public.api_keys where hash = $1 and organization_id = $2
             and revoked_at is null and (expires_at is null or expires_at > now())`,
          [await hashApiKey(apiKey), DEV_ORG_ID],
        )
      : undefined;
    if (!live?.rowCount) {
      const issued = await issueApiKey();
      await client.query(
        `insert into public.api_keys (organization_id, name, prefix, hash, created_by)
         values ($1, $2, $3, $4, $5)`,
        [DEV_ORG_ID, DEV_KEY_NAME, issued.prefix, issued.hash, DEV_USER_ID],
      );
      apiKey = issued.key;
    }
    await client.query(
      `insert into public.twilio_integrations
         (organization_id, account_sid, auth_token_sealed, phone_numbers, mode)
       values ($1, $2, $3, $4, 'start')
       on conflict (organization_id) do update set auth_token_sealed = excluded.auth_token_sealed`,
      [
        DEV_ORG_ID,
        DEV_TWILIO_ACCOUNT_SID,
        await sealSecret(options.integrationSecretsKey, twilioToken),
        [DEV_TWILIO_NUMBER],
      ],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
  if (!apiKey) throw new Error('seeding produced no API key');

  const credentials: DevCredentials = {
    api_url: options.apiUrl,
    org_id: DEV_ORG_ID,
    api_key: apiKey,
    user_id: DEV_USER_ID,
    user_email: DEV_EMAIL,
    user_jwt: await supabase.signUserJwt({
      sub: DEV_USER_ID,
      email: DEV_EMAIL,
      expiresInS: DEV_JWT_LIFETIME_S,
    }),
    supabase_url: supabase.url,
    anon_key: supabase.anonKey,
    service_role_key: supabase.serviceRoleKey,
    jwt_secret: supabase.jwtSecret,
    twilio_account_sid: DEV_TWILIO_ACCOUNT_SID,
    twilio_auth_token: twilioToken,
    twilio_phone_number: DEV_TWILIO_NUMBER,
  };
  await mkdir(dirname(options.credentialsPath), { recursive: true });
  await writeFile(options.credentialsPath, `${JSON.stringify(credentials, null, 2)}\n`, {
    mode: 0o600,
  });
  return credentials;
}

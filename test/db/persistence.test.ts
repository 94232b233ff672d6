import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ORG_ID, seedDev } from '../../scripts/stack/supabase/seed';
import { type LocalSupabase, startSupabase } from '../../scripts/stack/supabase/supabase';
import { TEST_SUPABASE, tempDir } from './supabase-setup';

/**
 * A private local Supabase (its own folder and ports) stopped and started again, as
 * `npm start` does across runs: the data, the JWT secret and the dev seed all survive.
 */

let dir: string;
let supabase: LocalSupabase | undefined;
const base = TEST_SUPABASE.spareBasePort;
const start = () =>
  startSupabase({ dir, dbPort: base, postgrestPort: base + 1, port: base + 2, throwaway: true });

beforeAll(async () => {
  dir = await tempDir('callshield-persist-');
});

afterAll(async () => {
  await supabase?.stop();
  await rm(dir, { recursive: true, force: true });
});

function as(stack: LocalSupabase, jwt: string) {
  return createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${jwt}` } },
  });
}

describe('a stack restart', () => {
  it('keeps rows, tokens and the dev seed', async () => {
    const credentialsPath = join(dir, 'dev-credentials.json');
    const seed = (stack: LocalSupabase) =>
      seedDev(stack, {
        apiUrl: 'http://127.0.0.1:1',
        credentialsPath,
        integrationSecretsKey: 'persistence-test-integration-secrets-key',
      });

    supabase = await start();
    expect(supabase.migrationsApplied.length).toBeGreaterThan(0);
    const user = await supabase.createUser();
    const org = await as(supabase, user.jwt).rpc('create_organization', { name: 'Kept' });
    expect(org.error).toBeNull();
    const first = await seed(supabase);
    const anonKey = supabase.anonKey;
    await supabase.stop();
    supabase = undefined;

    supabase = await start();
    expect(supabase.migrationsApplied).toEqual([]);
    expect(supabase.anonKey).toBe(anonKey);
    // A token issued before the restart still works, and the row is still there.
    const orgs = await as(supabase, user.jwt).from('organizations').select('id, name');
    expect(orgs.data).toEqual([{ id: (org.data as { id: string }).id, name: 'Kept' }]);

    const second = await seed(supabase);
    expect(second.org_id).toBe(first.org_id);
    expect(second.api_key).toBe(first.api_key);
    // The Twilio integration's token survives too, sealed (never stored in the clear).
    expect(second.twilio_auth_token).toBe(first.twilio_auth_token);
    const service = as(supabase, supabase.serviceRoleKey);
    const devOrgs = await service.from('organizations').select('id').eq('id', DEV_ORG_ID);
    expect(devOrgs.data).toHaveLength(1);

    // The printed user JWT is the owner's: it reads the dev organisation and its key.
    const owner = as(supabase, second.user_jwt);
    const keys = await owner.from('api_keys').select('prefix, revoked_at');
    expect(keys.data).toEqual([{ prefix: second.api_key.slice(0, 12), revoked_at: null }]);

    // Once the dev key is revoked, the next start issues a new one.
    await service
      .from('api_keys')
      .update({ revoked_at: new Date().toISOString() })
      .eq('organization_id', DEV_ORG_ID);
    const third = await seed(supabase);
    expect(third.api_key).not.toBe(second.api_key);
    const written = JSON.parse(await readFile(credentialsPath, 'utf8'));
    expect(written).toMatchObject({
      api_key: third.api_key,
      org_id: DEV_ORG_ID,
      supabase_url: supabase.url,
      anon_key: supabase.anonKey,
    });
    for (const field of ['api_url', 'user_jwt', 'service_role_key', 'jwt_secret'])
      expect(written[field]).toEqual(expect.any(String));
  });

  it('lets Postgres and PostgREST be stopped and started on their own', async () => {
    supabase ??= await start();
    const stack = supabase;
    const status = async () =>
      (
        await fetch(`${stack.url}/rest/v1/organizations?select=id`, {
          headers: { apikey: stack.serviceRoleKey },
        })
      ).status;
    expect(await status()).toBe(200);

    await stack.stopPostgres();
    expect(await status()).toBe(503); // PostgREST is up but has no database
    await stack.startPostgres();
    // PostgREST reconnects on its own schedule (it retries with back-off): wait, bounded.
    const deadline = Date.now() + 60_000;
    let recovered = await status();
    while (recovered !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = await status();
    }
    expect(recovered).toBe(200);

    await stack.stopPostgrest();
    expect(await status()).toBe(502); // the gateway is up, PostgREST is not
    await stack.startPostgrest();
    expect(await status()).toBe(200);
  });
});

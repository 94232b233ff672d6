/**
 * `npm run bootstrap` against the local Supabase: the organisation, its owner (an existing
 * account, or one invited through Supabase Auth's admin API) and the first API key, printed
 * once and stored as a hash; a second run refuses. The local Supabase serves the two Auth
 * admin endpoints the command uses (scripts/stack/supabase/auth-admin.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { describe, expect, inject, it } from 'vitest';
import { hashApiKey } from '../../worker/services/auth/api-key';
import { anonClient, serviceClient, signUp, withDb } from './clients';

const ROOT = resolve(import.meta.dirname, '../..');
const unique = () => randomBytes(4).toString('hex');

/** Runs the command as `npm run bootstrap --` does, with the project's service-role key. */
async function runBootstrap(args: string[], env: Record<string, string> = {}) {
  const { url, serviceRoleKey } = inject('supabase');
  const child = spawn(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    [resolve(ROOT, 'scripts/bootstrap.ts'), ...args],
    {
      env: { ...process.env, SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const KEY = /csk_[A-Za-z0-9_-]{43}/g;

/** The organisation of that name, its members and its keys, read as the database holds them. */
async function stored(name: string) {
  return withDb(async (db) => {
    const orgs = await db.query<{ id: string; created_by: string }>(
      'select id, created_by from public.organizations where name = $1',
      [name],
    );
    const id = orgs.rows[0]?.id;
    const members = await db.query<{ user_id: string; role: string }>(
      'select user_id, role from public.organization_members where organization_id = $1',
      [id],
    );
    const keys = await db.query<{ prefix: string; hash: string; created_by: string }>(
      'select prefix, hash, created_by from public.api_keys where organization_id = $1',
      [id],
    );
    return { orgs: orgs.rows, members: members.rows, keys: keys.rows };
  });
}

describe('npm run bootstrap', () => {
  it('makes an existing account the owner and prints the key once, stored only as its hash', async () => {
    const owner = await signUp();
    const name = `Acme ${unique()}`;
    const run = await runBootstrap(['--email', owner.email.toUpperCase(), '--org', name]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = run.stdout.match(KEY) ?? [];
    expect(printed).toHaveLength(1);
    expect(run.stdout).toContain('an existing account');

    const { orgs, members, keys } = await stored(name);
    expect(orgs).toEqual([{ id: expect.any(String), created_by: owner.id }]);
    expect(run.stdout).toContain(`id ${orgs[0]?.id}`);
    expect(members).toEqual([{ user_id: owner.id, role: 'owner' }]);
    const key = printed[0] as string;
    expect(keys).toEqual([
      { prefix: key.slice(0, 12), hash: await hashApiKey(key), created_by: owner.id },
    ]);
    expect(JSON.stringify(keys)).not.toContain(key);
  });

  it('invites an email with no account through Supabase Auth and makes it the owner', async () => {
    const email = `owner-${unique()}@example.test`;
    const name = `Invited ${unique()}`;
    const run = await runBootstrap(['--email', email, '--org', name, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { owner: { id: string; invited: boolean } };
    expect(result.owner.invited).toBe(true);
    const user = await withDb((db) =>
      db.query<{ id: string; invited_at: Date | null }>(
        'select id, invited_at from auth.users where email = $1',
        [email],
      ),
    );
    expect(user.rows).toEqual([{ id: result.owner.id, invited_at: expect.any(Date) }]);
    expect((await stored(name)).members).toEqual([{ user_id: result.owner.id, role: 'owner' }]);
  });

  it('refuses a second run for the same organisation, before inviting anyone or issuing a key', async () => {
    const owner = await signUp();
    const name = `Twice ${unique()}`;
    expect((await runBootstrap(['--email', owner.email, '--org', name])).code).toBe(0);
    const stranger = `second-${unique()}@example.test`;
    const again = await runBootstrap(['--email', stranger, '--org', ` ${name.toLowerCase()} `]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`An organisation named "${name}" already exists`);
    expect(again.stdout).not.toMatch(KEY);
    const { orgs, keys } = await stored(name);
    expect(orgs).toHaveLength(1);
    expect(keys).toHaveLength(1);
    const invited = await withDb((db) =>
      db.query('select 1 from auth.users where email = $1', [stranger]),
    );
    expect(invited.rowCount).toBe(0);
  });

  it('names what is missing', async () => {
    const noKey = await runBootstrap(['--email', 'a@example.test', '--org', 'X'], {
      SUPABASE_SERVICE_ROLE_KEY: '',
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('SUPABASE_SERVICE_ROLE_KEY must be set');
    const noOrg = await runBootstrap(['--email', 'a@example.test']);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain('usage: npm run bootstrap');
  });
});

describe('bootstrap_organization()', () => {
  const args = async (name: string, ownerId: string) => ({
    organization_name: name,
    owner_id: ownerId,
    key_name: 'k',
    key_prefix: `csk_${unique()}`,
    key_hash: await hashApiKey(randomUUID()),
  });

  it('creates one organisation when two runs race for the same name', async () => {
    const owner = await signUp();
    const name = `Race ${unique()}`;
    const service = serviceClient();
    const results = await Promise.all([
      service.rpc('bootstrap_organization', await args(name, owner.id)),
      service.rpc('bootstrap_organization', await args(name, owner.id)),
    ]);
    expect(results.filter((r) => r.error === null)).toHaveLength(1);
    expect(results.find((r) => r.error)?.error?.hint).toBe('organization_exists');
    expect((await stored(name)).orgs).toHaveLength(1);
  });

  it('is the service role’s only: signed-in users and anon cannot call it', async () => {
    const user = await signUp();
    for (const client of [user.db, anonClient()]) {
      const { error } = await client.rpc(
        'bootstrap_organization',
        await args(`No ${unique()}`, user.id),
      );
      expect(error?.code).toBe('42501');
    }
  });
});

describe('the local Supabase Auth admin API', () => {
  it('answers only the service role, as Supabase Auth does', async () => {
    const { url, anonKey } = inject('supabase');
    const anon = createClient(url, anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const { error } = await anon.auth.admin.listUsers();
    expect(error?.status).toBe(403);
    expect(error?.code).toBe('not_admin');
    const { data } = await serviceClient().auth.admin.listUsers({ page: 1, perPage: 1 });
    expect(data.users).toHaveLength(1);
  });

  it('refuses to invite an address that already has an account', async () => {
    const user = await signUp();
    const { error } = await serviceClient().auth.admin.inviteUserByEmail(user.email);
    expect(error?.status).toBe(422);
    expect(error?.code).toBe('email_exists');
  });
});

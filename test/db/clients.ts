import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { inject } from 'vitest';
import { signUserJwt } from '../../scripts/stack/supabase/keys';
import { issueApiKey } from '../../worker/services/auth/api-key';

/**
 * supabase-js clients for the test Supabase, as an app would make them: the anon key as
 * `apikey`, and a user's access token (or the service key) as the bearer.
 */

type Role = 'owner' | 'admin' | 'reviewer' | 'analyst' | 'viewer';

const env = () => inject('supabase');

function client(bearer?: string): SupabaseClient {
  const { url, anonKey } = env();
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : undefined,
  });
}

/** The anon role: what a visitor with only the public key gets. */
export const anonClient = () => client();

/** The service role: bypasses row-level security (what the Worker uses for key lookups). */
export const serviceClient = () => client(env().serviceRoleKey);

/** Runs `fn` with a superuser connection (for auth.users, which only Supabase Auth writes). */
export async function withDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: env().dbUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** A signed-up user with a client acting as them. */
export interface TestUser {
  id: string;
  email: string;
  jwt: string;
  db: SupabaseClient;
}

/** A user token for `sub`, signed with the project's secret (Supabase Auth's shape). */
export function userJwt(sub: string, options: { audience?: string; expiresInS?: number } = {}) {
  const { url, jwtSecret } = env();
  return signUserJwt(jwtSecret, { sub, issuer: `${url}/auth/v1`, ...options });
}

/** Adds a user to auth.users (what sign-up does) and returns a client acting as them. */
export async function signUp(): Promise<TestUser> {
  const id = randomUUID();
  const email = `user-${id}@example.test`;
  await withDb((db) => db.query('insert into auth.users (id, email) values ($1, $2)', [id, email]));
  const jwt = await userJwt(id);
  return { id, email, jwt, db: client(jwt) };
}

/** An organisation with one member per requested role; the owner created it. */
export interface TestOrg {
  id: string;
  members: Record<Role, TestUser>;
  /** A stored API key row of the organisation. */
  keyId: string;
  /** A stored analysis of the organisation. */
  analysisId: string;
}

/**
 * Creates an organisation the way a user does (create_organization, as its owner), adds one
 * member of every other role with the service role, and stores one API key and one analysis.
 */
export async function makeOrg(name = 'Org'): Promise<TestOrg> {
  const owner = await signUp();
  const created = await owner.db.rpc('create_organization', { name });
  if (created.error) throw new Error(`create_organization: ${created.error.message}`);
  const id = (created.data as { id: string }).id;
  const members = { owner } as Record<Role, TestUser>;
  const service = serviceClient();
  for (const role of ['admin', 'reviewer', 'analyst', 'viewer'] as const) {
    members[role] = await signUp();
    const added = await service
      .from('organization_members')
      .insert({ organization_id: id, user_id: members[role].id, role });
    if (added.error) throw new Error(`add ${role}: ${added.error.message}`);
  }
  const key = await issueApiKey();
  const keyRow = await service
    .from('api_keys')
    .insert({ organization_id: id, name: 'ci', prefix: key.prefix, hash: key.hash })
    .select('id')
    .single();
  if (keyRow.error) throw new Error(`api key: ${keyRow.error.message}`);
  const analysis = await service
    .from('call_analyses')
    .insert({
      organization_id: id,
      source: 'text',
      status: 'completed',
      transcript: `${name}: pay with gift cards today`,
      combined_score: 0.9,
      verdict: 'SCAM',
      review_required: true,
      review_status: 'pending',
    })
    .select('id')
    .single();
  if (analysis.error) throw new Error(`analysis: ${analysis.error.message}`);
  return { id, members, keyId: keyRow.data.id, analysisId: analysis.data.id };
}

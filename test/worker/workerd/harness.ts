import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { inject } from 'vitest';
import { createApp } from '../../../worker/app';
import type { Role } from '../../../worker/db/organization-members';
import { createServices, type Services } from '../../../worker/services';
import '../supabase-provided';

/**
 * What the workerd tests use to reach the real local Supabase of the `workers` project
 * (test/worker/supabase-setup.ts): users through its control server, rows through supabase-js,
 * and an app with its own configuration and clock.
 */

export const workersSupabase = () => inject('workersSupabase');

/** Calls the control server (test/fixtures/supabase-control.ts). */
export async function control<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${workersSupabase().controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A user of the local Supabase and their access token. */
export interface TestUser {
  id: string;
  email: string;
  jwt: string;
}

/** Adds a user to auth.users (what sign-up does) of `instance`. */
export function signUp(instance: 'main' | 'spare' = 'main'): Promise<TestUser> {
  return control<TestUser>(`/${instance}/users`);
}

/** The service role, for checking rows as the Worker writes them. */
export function serviceDb(url = workersSupabase().url): SupabaseClient {
  return createClient(url, workersSupabase().serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

/**
 * A user's own PostgREST client (the anon key as `apikey`, their token as the bearer): what
 * anyone holding a member's token can do to the database directly, around the Worker.
 */
export function userDb(jwt: string, url = workersSupabase().url): SupabaseClient {
  return createClient(url, workersSupabase().anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${jwt}` } },
  });
}

/** A clock the test moves by hand (the key and membership caches read it). */
export class FakeClock {
  private t = Date.now();
  readonly now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** An app with its own variables and services, called as the Worker entry point is. */
export interface TestApp {
  services: Services;
  env: Env;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = Record<string, unknown>>(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

/** Builds a TestApp; `vars` are added to the workers project's bindings. */
export function testApp(
  vars: Record<string, string> = {},
  options: { clock?: FakeClock; bindings?: Partial<Env> } = {},
): TestApp {
  const appEnv = { ...env, ...vars, ...options.bindings } as Env;
  const services = createServices(appEnv, { now: options.clock?.now });
  const app = createApp({ services: () => services });
  const send = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`http://edge.test${path}`, init), appEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
  return {
    services,
    env: appEnv,
    fetch: send,
    async json(path, init) {
      const res = await send(path, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
  };
}

/** Request options carrying `credential` as a bearer token, with a JSON body when given. */
export function as(
  credential: string | null,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): RequestInit {
  const headers: Record<string, string> = { ...options.headers };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  };
}

/** An organisation made through the API: its owner, one member per other role, and a key. */
export interface TestOrg {
  id: string;
  members: Record<Role, TestUser>;
  key: string;
  keyId: string;
}

/**
 * Makes `user` a member of `org` as people join: `inviter` (an admin) invites them, and they
 * accept the invitation themselves.
 */
export async function join(
  app: TestApp,
  how: { inviter: string; org: string; user: TestUser; role: Role },
): Promise<void> {
  const invited = await app.json<{ id: string }>(
    '/api/v1/invitations',
    as(how.inviter, {
      body: { user_id: how.user.id, role: how.role },
      headers: { 'x-orgid': how.org },
    }),
  );
  if (invited.status !== 201)
    throw new Error(`invite ${how.role}: ${JSON.stringify(invited.body)}`);
  const accepted = await app.json(
    `/api/v1/invitations/${invited.body.id}/accept`,
    as(how.user.jwt, { body: {} }),
  );
  if (accepted.status !== 200)
    throw new Error(`accept ${how.role}: ${JSON.stringify(accepted.body)}`);
}

/**
 * Creates an organisation as a fresh user (its owner) through `POST /api/v1/organizations`,
 * invites a member of every other role (each accepts) and issues an API key, all through the API.
 */
export async function makeOrg(app: TestApp, name = 'Org'): Promise<TestOrg> {
  const owner = await signUp();
  const created = await app.json<{ id: string }>(
    '/api/v1/organizations',
    as(owner.jwt, { body: { name } }),
  );
  if (created.status !== 201) throw new Error(`create org: ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const inOrg = { 'x-orgid': id };
  const members = { owner } as Record<Role, TestUser>;
  for (const role of ['admin', 'reviewer', 'analyst', 'viewer'] as const) {
    members[role] = await signUp();
    await join(app, { inviter: owner.jwt, org: id, user: members[role], role });
  }
  const key = await app.json<{ id: string; key: string }>(
    '/api/v1/api-keys',
    as(owner.jwt, { body: { name: 'tests' }, headers: inOrg }),
  );
  if (key.status !== 201) throw new Error(`api key: ${JSON.stringify(key.body)}`);
  return { id, members, key: key.body.key, keyId: key.body.id };
}

/**
 * Polls `read` until it returns a value, at most `attempts` times `everyMs` apart (rows are
 * written by the queue after the answer). Returns undefined when they run out.
 */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  { attempts = 100, everyMs = 200 } = {},
): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return undefined;
}

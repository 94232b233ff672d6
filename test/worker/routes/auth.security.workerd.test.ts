import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserJwt } from '../../../scripts/stack/supabase/keys';
import { userJwtVerifier } from '../../../worker/services/auth/user-jwt';
import {
  as,
  control,
  eventually,
  join,
  makeOrg,
  serviceDb,
  signUp,
  type TestOrg,
  testApp,
  workersSupabase,
} from '../workerd/harness';
import { codeOf, messageOf } from './client';

/**
 * Authentication and organisation selection with AUTH_MODE=on, against the real local
 * Supabase: user JWTs, API keys, x-orgid, and roles per route.
 */

const app = testApp({ AUTH_MODE: 'on' });
const text = (credential: string | null, headers: Record<string, string> = {}) =>
  as(credential, { body: { transcript: 'Hi, it is Mia, thanks for dinner!' }, headers });

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'A'), makeOrg(app, 'B')]);
});
// The analyses above are stored by the queue's consumer, which then joins each to a campaign
// and logs it. Wait (bounded) for that, so the file never ends with the consumer still logging
// (the workers pool fails a file torn down while a log line is on its way).
afterAll(async () => {
  await eventually(async () => {
    const { data } = await serviceDb()
      .from('call_analyses')
      .select('campaign_id')
      .in('organization_id', [a.id, b.id]);
    return data?.every((row) => row.campaign_id !== null) ? true : undefined;
  });
});

/** A user token signed with the project's secret; options make it wrong in one way. */
const token = (
  sub: string,
  options: { audience?: string; expiresInS?: number; issuer?: string } = {},
) =>
  signUserJwt(workersSupabase().jwtSecret, {
    sub,
    ...options,
    issuer: options.issuer ?? `${workersSupabase().url}/auth/v1`,
  });

describe('credentials', () => {
  it('are required on analyses, streams and /api/v1', async () => {
    for (const [path, init] of [
      ['/analyze/text', text(null)],
      ['/api/analyze/transcript', text(null)],
      ['/api/streams/ticket', as(null, { body: {} })],
      ['/api/v1/me', as(null)],
      ['/api/v1/members', as(null)],
    ] as const) {
      const res = await app.json(path, init);
      expect(res.status, path).toBe(401);
      expect(codeOf(res.body)).toBe('UNAUTHORIZED');
    }
    expect((await app.fetch('/api/health')).status).toBe(200);
    expect((await app.fetch('/openapi.json')).status).toBe(200);
  });

  it('accept an organisation key as X-API-Key or as a bearer token', async () => {
    expect((await app.fetch('/analyze/text', text(null, { 'X-API-Key': a.key }))).status).toBe(200);
    expect((await app.fetch('/api/analyze/transcript', text(a.key))).status).toBe(200);
  });

  it('accept a user access token', async () => {
    const res = await app.json<{ kind: string; organizations: { id: string; role: string }[] }>(
      '/api/v1/me',
      as(a.members.viewer.jwt),
    );
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('user');
    expect(res.body.organizations).toEqual([expect.objectContaining({ id: a.id, role: 'viewer' })]);
  });

  it('refuse forged, expired and wrong-audience tokens, other issuers and the project keys', async () => {
    const user = a.members.analyst;
    const valid = await token(user.id);
    const forged = await signUserJwt('another-secret-entirely-0123456789abcdef', {
      sub: user.id,
      issuer: `${workersSupabase().url}/auth/v1`,
    });
    const tampered = `${valid.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    const refused = [
      forged,
      tampered,
      await token(user.id, { expiresInS: -60 }),
      await token(user.id, { audience: 'anon' }),
      await token(user.id, { issuer: 'https://elsewhere.example/auth/v1' }),
      workersSupabase().anonKey,
      workersSupabase().serviceRoleKey,
      'csk_thisIsNotAKeyThatExistsAnywhere0123456789abcdef',
      'org-a-key-0123456789abcdefghij',
    ];
    for (const credential of refused) {
      // CallShield's path: credentials it does not accept are 403 invalid_api_key.
      const res = await app.json('/analyze/text', text(credential));
      expect(res.status, credential.slice(0, 20)).toBe(403);
      expect(codeOf(res.body)).toBe('UNAUTHORIZED');
      // Our own routes keep 401.
      expect((await app.fetch('/api/v1/me', as(credential))).status).toBe(401);
    }
    expect((await app.fetch('/analyze/text', text(valid))).status).toBe(200);
  });

  it('verify tokens of a project that signs with an asymmetric key (JWKS)', async () => {
    const supabase = workersSupabase();
    const config = {
      url: supabase.url,
      anonKey: supabase.anonKey,
      serviceRoleKey: supabase.serviceRoleKey,
      jwksUrl: `${supabase.controlUrl}/jwks.json`,
      jwtIssuer: `${supabase.url}/auth/v1`,
    };
    const verify = userJwtVerifier(config, Date.now);
    const user = await signUp();
    const { jwt } = await control<{ jwt: string }>('/es256-token', {
      sub: user.id,
      email: user.email,
      issuer: config.jwtIssuer,
    });
    expect(await verify(jwt)).toEqual({ userId: user.id, email: user.email });
    const elsewhere = await control<{ jwt: string }>('/es256-token', {
      sub: user.id,
      issuer: 'https://elsewhere.example/auth/v1',
    });
    expect(await verify(elsewhere.jwt)).toBeNull();
    // An HS256 token is refused when the project has no HS256 secret.
    expect(await verify(user.jwt)).toBeNull();
  });
});

describe('the organisation a request acts for', () => {
  it('is the only one of a user in one organisation, without x-orgid', async () => {
    const res = await app.json<{ id: string }>('/analyze/text', text(a.members.analyst.jwt));
    expect(res.status).toBe(200);
  });

  it('is named by x-orgid only when the user is a member of it (403 otherwise)', async () => {
    const analyst = a.members.analyst.jwt;
    expect((await app.fetch('/analyze/text', text(analyst, { 'x-orgid': a.id }))).status).toBe(200);
    for (const foreign of [b.id, 'public', '00000000-0000-4000-8000-000000000000', 'nonsense']) {
      const res = await app.json('/analyze/text', text(analyst, { 'x-orgid': foreign }));
      expect(res.status, foreign).toBe(403);
      expect(codeOf(res.body)).toBe('FORBIDDEN');
    }
  });

  it('must be named when a user belongs to several (400), and can then be either', async () => {
    const both = a.members.reviewer;
    // Joins B too: invited, and accepts.
    await join(app, { inviter: b.members.owner.jwt, org: b.id, user: both, role: 'analyst' });
    const unnamed = await app.json('/analyze/text', text(both.jwt));
    expect(unnamed.status).toBe(400);
    expect(messageOf(unnamed.body)).toMatch(/x-orgid/);
    expect((await app.fetch('/analyze/text', text(both.jwt, { 'x-orgid': a.id }))).status).toBe(
      200,
    );
    expect((await app.fetch('/analyze/text', text(both.jwt, { 'x-orgid': b.id }))).status).toBe(
      200,
    );
  });

  it("is an API key's own: another organisation's id is 403", async () => {
    expect((await app.fetch('/analyze/text', text(a.key, { 'x-orgid': a.id }))).status).toBe(200);
    expect((await app.fetch('/analyze/text', text(a.key, { 'x-orgid': b.id }))).status).toBe(403);
    expect((await app.fetch('/analyze/text', text(a.key, { 'x-orgid': 'public' }))).status).toBe(
      403,
    );
  });

  it('does not exist for a user in no organisation (403)', async () => {
    const loner = await signUp();
    const res = await app.json('/analyze/text', text(loner.jwt));
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toMatch(/POST \/api\/v1\/organizations/);
  });
});

describe('roles', () => {
  it('keep a viewer read-only', async () => {
    const viewer = a.members.viewer.jwt;
    const inA = { 'x-orgid': a.id };
    const writes: [string, RequestInit][] = [
      ['/analyze/text', text(viewer)],
      ['/api/streams/ticket', as(viewer, { body: {} })],
      ['/api/v1/members', as(viewer, { body: { user_id: b.members.owner.id }, headers: inA })],
      ['/api/v1/api-keys', as(viewer, { body: { name: 'mine' }, headers: inA })],
      [
        `/api/v1/members/${a.members.analyst.id}`,
        as(viewer, { method: 'PATCH', body: { role: 'admin' } }),
      ],
      [`/api/v1/members/${a.members.analyst.id}`, as(viewer, { method: 'DELETE' })],
      [`/api/v1/api-keys/${a.keyId}`, as(viewer, { method: 'DELETE' })],
    ];
    for (const [path, init] of writes) {
      const res = await app.json<{ error: { code: string } }>(path, init);
      expect(res.status, `${init.method} ${path}`).toBe(403);
    }
    expect((await app.fetch('/api/v1/members', as(viewer))).status).toBe(200);
  });

  it('let an analyst analyse but not manage members or keys', async () => {
    const analyst = a.members.analyst.jwt;
    expect((await app.fetch('/analyze/text', text(analyst))).status).toBe(200);
    expect((await app.fetch('/api/v1/api-keys', as(analyst))).status).toBe(403);
    expect(
      (await app.fetch('/api/v1/members', as(analyst, { body: { user_id: b.members.viewer.id } })))
        .status,
    ).toBe(403);
  });

  it('let an API key analyse and read, never manage members or keys or create organisations', async () => {
    expect((await app.fetch('/api/v1/api-keys', as(a.key))).status).toBe(403);
    expect((await app.fetch('/api/v1/members', as(a.key))).status).toBe(403);
    expect(
      (await app.fetch('/api/v1/organizations', as(a.key, { body: { name: 'x' } }))).status,
    ).toBe(403);
    const me = await app.json<{ kind: string; organizations: { id: string; role: string }[] }>(
      '/api/v1/me',
      as(a.key),
    );
    expect(me.body).toMatchObject({ kind: 'api_key', api_key: { id: a.keyId } });
    expect(me.body.organizations).toEqual([expect.objectContaining({ id: a.id, role: 'analyst' })]);
  });
});

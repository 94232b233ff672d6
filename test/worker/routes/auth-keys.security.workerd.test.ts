import { beforeAll, describe, expect, it } from 'vitest';
import { KEY_CACHE_TTL_MS, LAST_USED_EVERY_MS } from '../../../worker/services/auth/authenticator';
import {
  as,
  eventually,
  FakeClock,
  makeOrg,
  serviceDb,
  type TestOrg,
  testApp,
} from '../workerd/harness';
import { codeOf, messageOf } from './client';

/**
 * API keys through their life: a revoked key is refused within the cache's TTL (60 s at most,
 * by design 30 s), an expired one at once, and every use is recorded without slowing requests.
 * The caches' clock is a fake the test moves, so nothing waits for real time to pass.
 */

const analyse = (key: string) =>
  as(key, { body: { transcript: 'Hello, your parcel is on its way.' } });

let org: TestOrg;
const admin = testApp({ AUTH_MODE: 'on' });
beforeAll(async () => {
  org = await makeOrg(admin, 'Keys');
});

async function newKey(body: Record<string, unknown> = {}) {
  const res = await admin.json<{ id: string; key: string }>(
    '/api/v1/api-keys',
    as(org.members.admin.jwt, { body: { name: 'rotating', ...body } }),
  );
  expect(res.status).toBe(201);
  return res.body;
}

describe('a revoked key', () => {
  it('is refused by every isolate within the cache TTL, which is at most 60 s', async () => {
    expect(KEY_CACHE_TTL_MS).toBeLessThanOrEqual(60_000);
    const clock = new FakeClock();
    // Another isolate: its cache is its own, and it is not the one that revokes.
    const elsewhere = testApp({ AUTH_MODE: 'on' }, { clock });
    const key = await newKey();
    expect((await elsewhere.fetch('/analyze/text', analyse(key.key))).status).toBe(200);

    const revoked = await admin.fetch(
      `/api/v1/api-keys/${key.id}`,
      as(org.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(revoked.status).toBe(204);

    // The revoking isolate forgets it at once (CallShield's path: a refused key is 403).
    expect((await admin.fetch('/analyze/text', analyse(key.key))).status).toBe(403);
    // The other still trusts its cached lookup (this is the cache working) …
    clock.advance(KEY_CACHE_TTL_MS - 1_000);
    expect((await elsewhere.fetch('/analyze/text', analyse(key.key))).status).toBe(200);
    // … until the TTL is over.
    clock.advance(1_000);
    const refused = await elsewhere.json('/analyze/text', analyse(key.key));
    expect(refused.status).toBe(403);
    expect(codeOf(refused.body)).toBe('UNAUTHORIZED');
  });

  it('stays revoked, and revoking it again is harmless', async () => {
    const key = await newKey();
    const revoke = () =>
      admin.fetch(`/api/v1/api-keys/${key.id}`, as(org.members.owner.jwt, { method: 'DELETE' }));
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(204);
    const listed = await admin.json<{ api_keys: { id: string; revoked_at: string | null }[] }>(
      '/api/v1/api-keys',
      as(org.members.owner.jwt),
    );
    expect(listed.body.api_keys.find((k) => k.id === key.id)?.revoked_at).toEqual(
      expect.any(String),
    );
  });
});

describe('an expiring key', () => {
  it('works until it expires, then is refused even from the cache', async () => {
    const clock = new FakeClock();
    const app = testApp({ AUTH_MODE: 'on' }, { clock });
    const inTenMinutes = new Date(clock.now() + 10 * 60_000).toISOString();
    const key = await newKey({ expires_at: inTenMinutes });
    expect((await app.fetch('/analyze/text', analyse(key.key))).status).toBe(200);
    clock.advance(10 * 60_000 + 1);
    const res = await app.json('/analyze/text', analyse(key.key));
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toMatch(/expired/);
  });

  it('cannot be created already expired', async () => {
    const res = await admin.json(
      '/api/v1/api-keys',
      as(org.members.admin.jwt, { body: { name: 'old', expires_at: '2001-01-01T00:00:00Z' } }),
    );
    expect(res.status).toBe(400);
  });
});

describe('last_used_at', () => {
  it('is recorded after a request, at most once per interval per isolate', async () => {
    const clock = new FakeClock();
    const app = testApp({ AUTH_MODE: 'on' }, { clock });
    const key = await newKey();
    const lastUsed = async () => {
      const row = await serviceDb()
        .from('api_keys')
        .select('last_used_at')
        .eq('id', key.id)
        .single();
      return row.data?.last_used_at as string | null;
    };
    expect(await lastUsed()).toBeNull();
    expect((await app.fetch('/analyze/text', analyse(key.key))).status).toBe(200);
    const first = await eventually(async () => (await lastUsed()) ?? undefined);
    expect(Date.parse(first ?? '')).toBe(clock.now());

    clock.advance(LAST_USED_EVERY_MS / 2);
    expect((await app.fetch('/analyze/text', analyse(key.key))).status).toBe(200);
    expect(await lastUsed()).toBe(first);

    clock.advance(LAST_USED_EVERY_MS / 2);
    expect((await app.fetch('/analyze/text', analyse(key.key))).status).toBe(200);
    const second = await eventually(async () => {
      const value = await lastUsed();
      return value !== first ? (value ?? undefined) : undefined;
    });
    expect(Date.parse(second ?? '')).toBe(clock.now());
  });
});

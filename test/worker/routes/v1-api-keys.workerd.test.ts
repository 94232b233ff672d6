import { beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../worker/services/auth/api-key';
import { as, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';

/** API keys through /api/v1/api-keys: shown once, listed without secrets, revoked. */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(app, 'Keys API');
});

type Key = { id: string; name: string; prefix: string; key?: string; created_by: string };

describe('creating a key', () => {
  it('returns the key once; only its prefix and hash are stored', async () => {
    const res = await app.json<Key>(
      '/api/v1/api-keys',
      as(org.members.admin.jwt, { body: { name: ' integration ' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'integration', created_by: org.members.admin.id });
    const key = res.body.key ?? '';
    expect(key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(res.body.prefix).toBe(key.slice(0, 12));
    const stored = await serviceDb().from('api_keys').select('*').eq('id', res.body.id).single();
    expect(stored.data?.hash).toBe(await hashApiKey(key));
    expect(JSON.stringify(stored.data)).not.toContain(key);
    // It works at once (keys not found before are not cached).
    const used = await app.fetch('/analyze/text', as(key, { body: { transcript: 'hello' } }));
    expect(used.status).toBe(200);
  });

  it.each([[{}], [{ name: '' }], [{ name: 'x'.repeat(101) }], [{ name: 'k', expires_at: 'soon' }]])(
    'refuses %o with 400',
    async (body) => {
      const res = await app.json('/api/v1/api-keys', as(org.members.owner.jwt, { body }));
      expect(res.status).toBe(400);
    },
  );
});

describe('listing keys', () => {
  it('shows every key of the organisation without a secret', async () => {
    const res = await app.json<{ api_keys: Record<string, unknown>[] }>(
      '/api/v1/api-keys',
      as(org.members.owner.jwt),
    );
    expect(res.status).toBe(200);
    expect(res.body.api_keys.map((k) => k.id)).toContain(org.keyId);
    for (const key of res.body.api_keys) {
      expect(Object.keys(key)).not.toContain('hash');
      expect(Object.keys(key)).not.toContain('key');
    }
  });
});

describe('revoking a key', () => {
  it('answers 404 for a key that is not the organisation’s, and 400 for a bad id', async () => {
    const other = await makeOrg(app, 'Other keys');
    const foreign = await app.fetch(
      `/api/v1/api-keys/${other.keyId}`,
      as(org.members.owner.jwt, { method: 'DELETE' }),
    );
    expect(foreign.status).toBe(404);
    // Still usable by its own organisation.
    expect(
      (await app.fetch('/analyze/text', as(other.key, { body: { transcript: 'hi' } }))).status,
    ).toBe(200);
    const bad = await app.fetch(
      '/api/v1/api-keys/nope',
      as(org.members.owner.jwt, { method: 'DELETE' }),
    );
    expect(bad.status).toBe(400);
  });
});

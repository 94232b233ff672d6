import { beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, issueApiKey } from '../../worker/services/auth/api-key';
import { makeOrg, serviceClient, type TestOrg } from './clients';

/** Key hashes never reach a signed-in user, whatever the query; the service role finds keys. */

let org: TestOrg;
let hash: string;
beforeAll(async () => {
  org = await makeOrg('Keys');
  const row = await serviceClient().from('api_keys').select('hash').eq('id', org.keyId).single();
  hash = row.data?.hash;
});

describe('key hashes', () => {
  it('are refused to an owner however they ask', async () => {
    const { owner } = org.members;
    const attempts = await Promise.all([
      owner.db.from('api_keys').select('*'),
      owner.db.from('api_keys').select('hash'),
      owner.db.from('api_keys').select('id').eq('hash', hash),
      owner.db
        .from('api_keys')
        .select('id')
        .like('hash', `${hash.slice(0, 4)}%`),
      owner.db.from('api_keys').select('id').order('hash'),
      owner.db.from('organizations').select('id, api_keys(hash)'),
      owner.db.from('organizations').select('id, api_keys(*)'),
    ]);
    for (const result of attempts) {
      expect(result.error?.code).toBe('42501');
      expect(result.data).toBeNull();
    }
  });

  it('leave every other column readable to admins', async () => {
    const keys = await org.members.admin.db
      .from('api_keys')
      .select(
        'id, organization_id, name, prefix, scopes, created_by, created_at, last_used_at, expires_at, revoked_at',
      );
    expect(keys.error).toBeNull();
    expect(keys.data).toHaveLength(1);
    expect(keys.data?.[0]?.prefix).toMatch(/^csk_/);
  });

  it('let the service role find a key by the hash of what a client sent', async () => {
    const key = await issueApiKey();
    const service = serviceClient();
    await service
      .from('api_keys')
      .insert({ organization_id: org.id, name: 'lookup', prefix: key.prefix, hash: key.hash });
    const found = await service
      .from('api_keys')
      .select('organization_id, revoked_at, expires_at')
      .eq('hash', await hashApiKey(key.key))
      .single();
    expect(found.data).toEqual({ organization_id: org.id, revoked_at: null, expires_at: null });
  });

  it('are stored only as SHA-256 hex, never as a key', async () => {
    const key = await issueApiKey();
    const stored = await serviceClient()
      .from('api_keys')
      .insert({ organization_id: org.id, name: 'plain', prefix: key.prefix, hash: key.key });
    expect(stored.error?.code).toBe('23514');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../worker/services/auth/api-key';
import { makeOrg, serviceClient, type TestOrg, type TestUser } from './clients';

/**
 * Tenancy through PostgREST with real user JWTs: the owner of A (the most privileged member
 * there is) can neither see nor touch anything of B, in any table.
 */

let a: TestOrg;
let b: TestOrg;
let ownerA: TestUser;

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg('A'), makeOrg('B')]);
  ownerA = a.members.owner;
});

const KEY_COLUMNS = 'id, organization_id, name, prefix';

describe('a member of A reading B', () => {
  it('sees only A in every table', async () => {
    const orgs = await ownerA.db.from('organizations').select('id');
    expect(orgs.error).toBeNull();
    expect(orgs.data?.map((o) => o.id)).toEqual([a.id]);

    const members = await ownerA.db.from('organization_members').select('organization_id');
    expect(new Set(members.data?.map((m) => m.organization_id))).toEqual(new Set([a.id]));
    expect(members.data).toHaveLength(5);

    const keys = await ownerA.db.from('api_keys').select(KEY_COLUMNS);
    expect(keys.data?.map((k) => k.id)).toEqual([a.keyId]);

    const analyses = await ownerA.db.from('call_analyses').select('id');
    expect(analyses.data?.map((r) => r.id)).toEqual([a.analysisId]);
  });

  it("gets nothing when asking for B's rows by id", async () => {
    const checks = await Promise.all([
      ownerA.db.from('organizations').select('id').eq('id', b.id),
      ownerA.db.from('organization_members').select('user_id').eq('organization_id', b.id),
      ownerA.db.from('api_keys').select(KEY_COLUMNS).eq('id', b.keyId),
      ownerA.db.from('call_analyses').select('id').eq('id', b.analysisId),
      ownerA.db.from('call_analyses').select('id').ilike('transcript', '%B: pay%'),
    ]);
    for (const result of checks) {
      expect(result.error).toBeNull();
      expect(result.data).toEqual([]);
    }
  });
});

describe('a member of A writing to B', () => {
  it('cannot insert rows into B', async () => {
    const key = await issueApiKey();
    const inserts = await Promise.all([
      ownerA.db
        .from('organization_members')
        .insert({ organization_id: b.id, user_id: ownerA.id, role: 'owner' }),
      ownerA.db
        .from('api_keys')
        .insert({ organization_id: b.id, name: 'x', prefix: key.prefix, hash: key.hash }),
      ownerA.db.from('call_analyses').insert({ organization_id: b.id, source: 'text' }),
    ]);
    for (const result of inserts) {
      expect(result.error?.code).toBe('42501'); // row-level security violation
    }
    const service = serviceClient();
    const joined = await service
      .from('organization_members')
      .select('user_id')
      .eq('organization_id', b.id)
      .eq('user_id', ownerA.id);
    expect(joined.data).toEqual([]);
    const analyses = await service.from('call_analyses').select('id').eq('organization_id', b.id);
    expect(analyses.data).toHaveLength(1);
  });

  it("cannot update B's rows", async () => {
    const updates = await Promise.all([
      ownerA.db.from('organizations').update({ name: 'taken' }).eq('id', b.id).select('id'),
      ownerA.db
        .from('organization_members')
        .update({ role: 'viewer' })
        .eq('organization_id', b.id)
        .select('user_id'),
      ownerA.db
        .from('api_keys')
        .update({ revoked_at: new Date().toISOString() })
        .eq('id', b.keyId)
        .select('id'),
      ownerA.db
        .from('call_analyses')
        .update({ review_outcome: 'false_positive', review_notes: 'not ours' })
        .eq('id', b.analysisId)
        .select('id'),
    ]);
    for (const result of updates) {
      expect(result.error).toBeNull();
      expect(result.data).toEqual([]);
    }
    const service = serviceClient();
    const org = await service.from('organizations').select('name').eq('id', b.id).single();
    expect(org.data?.name).toBe('B');
    const owner = await service
      .from('organization_members')
      .select('role')
      .eq('user_id', b.members.owner.id)
      .single();
    expect(owner.data?.role).toBe('owner');
    const key = await service.from('api_keys').select('revoked_at').eq('id', b.keyId).single();
    expect(key.data?.revoked_at).toBeNull();
    const analysis = await service
      .from('call_analyses')
      .select('review_outcome, review_notes')
      .eq('id', b.analysisId)
      .single();
    expect(analysis.data).toEqual({ review_outcome: null, review_notes: null });
  });

  it("cannot delete B's rows", async () => {
    const deletes = await Promise.all([
      ownerA.db.from('call_analyses').delete().eq('id', b.analysisId).select('id'),
      ownerA.db.from('api_keys').delete().eq('id', b.keyId).select('id'),
      ownerA.db.from('organization_members').delete().eq('organization_id', b.id).select('user_id'),
      ownerA.db.from('organizations').delete().eq('id', b.id).select('id'),
    ]);
    for (const result of deletes) {
      expect(result.error).toBeNull();
      expect(result.data).toEqual([]);
    }
    const service = serviceClient();
    const counts = await Promise.all([
      service.from('organizations').select('id', { count: 'exact', head: true }).eq('id', b.id),
      service
        .from('organization_members')
        .select('user_id', { count: 'exact', head: true })
        .eq('organization_id', b.id),
      service.from('api_keys').select('id', { count: 'exact', head: true }).eq('id', b.keyId),
      service
        .from('call_analyses')
        .select('id', { count: 'exact', head: true })
        .eq('id', b.analysisId),
    ]);
    expect(counts.map((c) => c.count)).toEqual([1, 5, 1, 1]);
  });

  it("cannot pull B's rows in through an embedded resource", async () => {
    const embedded = await ownerA.db
      .from('organizations')
      .select('id, call_analyses(id), organization_members(user_id)');
    expect(embedded.error).toBeNull();
    expect(embedded.data).toHaveLength(1);
    expect(embedded.data?.[0]?.call_analyses).toEqual([{ id: a.analysisId }]);
  });
});

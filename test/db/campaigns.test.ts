import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, serviceClient, type TestOrg, withDb } from './clients';

/**
 * Campaigns, their hourly counts, caller numbers and the shared index through PostgREST with
 * real user JWTs: each organisation sees only its own, users write none of them directly, the
 * shared index is the service role's alone, and recording a call counts it exactly once even
 * when calls arrive together.
 */

const FINGERPRINT = 'AAECAwQFBgcICQoLDA0ODw==';
const BANDS = ['b0:1f2e', 'b1:3c4d', 'b2:5a6b'];
const HASH_A = 'k1_aGFzaGVkLW51bWJlci1vZi1h';
const HASH_B = 'k1_aGFzaGVkLW51bWJlci1vZi1i';

let a: TestOrg;
let b: TestOrg;
let campaignA: string;
let campaignB: string;

type Campaign = { id: string; calls_total: number; calls_scam: number; calls_safe: number };

async function record(
  org: TestOrg,
  args: { campaign?: string; verdict?: string; at?: string; analysis?: string },
) {
  const res = await serviceClient().rpc('record_campaign_call', {
    target_organization: org.id,
    call_verdict: args.verdict ?? 'SCAM',
    called_at: args.at ?? new Date().toISOString(),
    call_fingerprint: FINGERPRINT,
    call_bands: BANDS,
    target_campaign: args.campaign ?? null,
    analysis: args.analysis ?? null,
  });
  return res as { data: Campaign | null; error: { code: string } | null };
}

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg('Campaigns A'), makeOrg('Campaigns B')]);
  const [ra, rb] = await Promise.all([
    record(a, { analysis: a.analysisId }),
    record(b, { analysis: b.analysisId }),
  ]);
  if (!ra.data || !rb.data) throw new Error(`record: ${JSON.stringify([ra.error, rb.error])}`);
  campaignA = ra.data.id;
  campaignB = rb.data.id;
  const service = serviceClient();
  for (const [org, hash] of [
    [a, HASH_A],
    [b, HASH_B],
  ] as const) {
    const caller = await service.rpc('record_caller_call', {
      target_organization: org.id,
      caller_hash: hash,
      call_verdict: 'SCAM',
      called_at: new Date().toISOString(),
    });
    if (caller.error) throw new Error(`record_caller_call: ${caller.error.message}`);
  }
});

describe('tenancy', () => {
  it("shows a member only their organisation's campaigns, counts and numbers", async () => {
    const viewerA = a.members.viewer.db;
    const campaigns = await viewerA.from('campaigns').select('id, example_analysis_ids');
    expect(campaigns.error).toBeNull();
    expect(campaigns.data).toEqual([{ id: campaignA, example_analysis_ids: [a.analysisId] }]);
    const hours = await viewerA.from('campaign_hourly_counts').select('campaign_id, calls');
    expect(hours.data).toEqual([{ campaign_id: campaignA, calls: 1 }]);
    const numbers = await viewerA.from('caller_numbers').select('number_hash, calls, calls_scam');
    expect(numbers.data).toEqual([{ number_hash: HASH_A, calls: 1, calls_scam: 1 }]);
    const analysis = await viewerA
      .from('call_analyses')
      .select('campaign_id, fingerprint')
      .eq('id', a.analysisId)
      .single();
    expect(analysis.data).toEqual({ campaign_id: campaignA, fingerprint: FINGERPRINT });
  });

  it("gives B's owner nothing of A's, even by id", async () => {
    const ownerB = b.members.owner.db;
    const checks = await Promise.all([
      ownerB.from('campaigns').select('id').eq('id', campaignA),
      ownerB.from('campaign_hourly_counts').select('hour').eq('campaign_id', campaignA),
      ownerB.from('caller_numbers').select('calls').eq('number_hash', HASH_A),
      ownerB.rpc('list_campaigns', {
        target_organization: a.id,
        as_of: new Date().toISOString(),
        max_rows: 10,
      }),
    ]);
    for (const result of checks) {
      expect(result.error).toBeNull();
      expect(result.data).toEqual([]);
    }
  });

  it("never lets an analysis point at another organisation's campaign", async () => {
    const moved = await serviceClient()
      .from('call_analyses')
      .update({ campaign_id: campaignB })
      .eq('id', a.analysisId);
    expect(moved.error?.code).toBe('23503');
    const joined = await record(b, { campaign: campaignA });
    expect(joined.error?.code).toBe('P0002');
    const count = await serviceClient()
      .from('campaigns')
      .select('calls_total')
      .eq('id', campaignA)
      .single();
    expect(count.data?.calls_total).toBe(1);
  });
});

describe('writes', () => {
  it('are refused to every signed-in user, whatever the role', async () => {
    const owner = a.members.owner.db;
    const now = new Date().toISOString();
    const attempts = await Promise.all([
      owner.from('campaigns').insert({
        organization_id: a.id,
        fingerprint: FINGERPRINT,
        bands: BANDS,
        first_seen: now,
        last_seen: now,
      }),
      owner.from('campaigns').update({ calls_total: 999, label: 'legitimate' }).eq('id', campaignA),
      owner.from('campaigns').delete().eq('id', campaignA),
      owner
        .from('campaign_hourly_counts')
        .insert({ organization_id: a.id, campaign_id: campaignA, hour: now, calls: 5 }),
      owner.from('caller_numbers').insert({
        organization_id: a.id,
        number_hash: `${HASH_A}x`,
        first_seen: now,
        last_seen: now,
      }),
      owner.from('caller_numbers').update({ reported_scam: 9 }).eq('number_hash', HASH_A),
      owner
        .from('shared_campaigns')
        .insert({ fingerprint: FINGERPRINT, bands: BANDS, first_seen: now, last_seen: now }),
      owner.from('call_analyses').update({ campaign_id: null }).eq('id', a.analysisId),
      owner.rpc('record_campaign_call', {
        target_organization: a.id,
        call_verdict: 'SCAM',
        called_at: now,
        call_fingerprint: FINGERPRINT,
        call_bands: BANDS,
      }),
      owner.rpc('record_caller_call', {
        target_organization: a.id,
        caller_hash: HASH_A,
        call_verdict: 'SAFE',
        called_at: now,
      }),
      owner.rpc('record_shared_campaign_call', {
        source_organization: a.id,
        call_verdict: 'SCAM',
        called_at: now,
        call_fingerprint: FINGERPRINT,
        call_bands: BANDS,
      }),
    ]);
    for (const result of attempts) expect(result.error?.code).toBe('42501');
    const row = await serviceClient()
      .from('campaigns')
      .select('calls_total, label')
      .eq('id', campaignA)
      .single();
    expect(row.data).toEqual({ calls_total: 1, label: null });
  });

  it('counts two calls recorded at the same moment as two', async () => {
    const at = '2026-11-20T10:15:00Z';
    const before = await serviceClient()
      .from('campaigns')
      .select('calls_total, calls_safe, calls_scam')
      .eq('id', campaignA)
      .single();
    const both = await Promise.all([
      record(a, { campaign: campaignA, verdict: 'SAFE', at }),
      record(a, { campaign: campaignA, verdict: 'SCAM', at }),
      record(a, { campaign: campaignA, verdict: 'SCAM', at: '2026-11-20T10:59:59Z' }),
    ]);
    for (const r of both) expect(r.error).toBeNull();
    const after = await serviceClient()
      .from('campaigns')
      .select('calls_total, calls_safe, calls_scam, first_seen')
      .eq('id', campaignA)
      .single();
    expect(after.data?.calls_total).toBe((before.data?.calls_total ?? 0) + 3);
    expect(after.data?.calls_safe).toBe((before.data?.calls_safe ?? 0) + 1);
    expect(after.data?.calls_scam).toBe((before.data?.calls_scam ?? 0) + 2);
    expect(new Date(after.data?.first_seen ?? '').toISOString()).toBe('2026-11-20T10:15:00.000Z');
    const hour = await serviceClient()
      .from('campaign_hourly_counts')
      .select('calls')
      .eq('campaign_id', campaignA)
      .eq('hour', '2026-11-20T10:00:00Z')
      .single();
    expect(hour.data?.calls).toBe(3);
  });

  it('keeps at most five examples, each once, and only analyses of the organisation', async () => {
    const fresh = await record(a, { analysis: a.analysisId });
    const id = fresh.data?.id ?? '';
    await record(a, { campaign: id, analysis: a.analysisId });
    await record(a, { campaign: id, analysis: b.analysisId });
    const row = await serviceClient()
      .from('campaigns')
      .select('example_analysis_ids, calls_total')
      .eq('id', id)
      .single();
    expect(row.data).toEqual({ example_analysis_ids: [a.analysisId], calls_total: 3 });
    const other = await serviceClient()
      .from('call_analyses')
      .select('campaign_id')
      .eq('id', b.analysisId)
      .single();
    expect(other.data?.campaign_id).toBe(campaignB);
  });

  it("counts reviewers' reports of a number, never below zero, and only the service role's", async () => {
    const report = (org: TestOrg, delta: number) =>
      serviceClient().rpc('report_caller_number', {
        target_organization: org.id,
        caller_hash: HASH_A,
        delta,
      });
    expect((await report(a, 1)).data).toMatchObject({ reported_scam: 1 });
    expect((await report(a, -1)).data).toMatchObject({ reported_scam: 0 });
    expect((await report(a, -1)).data).toMatchObject({ reported_scam: 0 });
    expect((await report(b, 1)).error?.code).toBe('P0002');
    const direct = await a.members.owner.db.rpc('report_caller_number', {
      target_organization: a.id,
      caller_hash: HASH_A,
      delta: 1,
    });
    expect(direct.error?.code).toBe('42501');
  });

  it('refuses a fingerprint that is not base64 or is over 1 KB', async () => {
    for (const fingerprint of ['not base64!', 'A'.repeat(1028)]) {
      const res = await serviceClient().rpc('record_campaign_call', {
        target_organization: a.id,
        call_verdict: 'SAFE',
        called_at: new Date().toISOString(),
        call_fingerprint: fingerprint,
        call_bands: BANDS,
      });
      expect(res.error?.code).toBe('23514');
    }
  });
});

describe('labels', () => {
  const label = (org: TestOrg, role: 'viewer' | 'analyst' | 'reviewer', value: string | null) =>
    org.members[role].db.rpc('label_campaign', {
      target_organization: a.id,
      target_campaign: campaignA,
      new_label: value,
    });

  it('are set by reviewers, stamped with who and when, and refused below', async () => {
    for (const role of ['viewer', 'analyst'] as const)
      expect((await label(a, role, 'scam')).error?.code).toBe('42501');
    const set = await label(a, 'reviewer', 'scam');
    expect(set.error).toBeNull();
    expect(set.data).toMatchObject({ label: 'scam', labeled_by: a.members.reviewer.id });
    const cleared = await label(a, 'reviewer', null);
    expect(cleared.data).toMatchObject({ label: null, labeled_by: null, labeled_at: null });
  });

  it("are not found for another organisation's members", async () => {
    const res = await label(b, 'reviewer', 'legitimate');
    expect(res.error?.code).toBe('P0002');
  });
});

describe('the shared index', () => {
  it('takes only opted-in organisations, holds no organisation, and no user reads it', async () => {
    const service = serviceClient();
    const share = (org: TestOrg) =>
      service.rpc('record_shared_campaign_call', {
        source_organization: org.id,
        call_verdict: 'SCAM',
        called_at: new Date().toISOString(),
        call_fingerprint: FINGERPRINT,
        call_bands: BANDS,
      });
    const refused = await share(b);
    expect(refused.error).toBeNull();
    expect(refused.data).toEqual([]);

    const optIn = await service
      .from('organizations')
      .update({ shared_campaign_index: true })
      .eq('id', a.id);
    expect(optIn.error).toBeNull();
    const shared = await share(a);
    expect(shared.data).toMatchObject([{ calls_total: 1, calls_scam: 1 }]);

    const columns = await withDb((db) =>
      db.query<{ column_name: string }>(
        `select column_name from information_schema.columns
         where table_schema = 'public' and table_name = 'shared_campaigns'`,
      ),
    );
    expect(columns.rows.map((r) => r.column_name).sort()).toEqual(
      [
        'bands',
        'calls_likely_scam',
        'calls_safe',
        'calls_scam',
        'calls_suspicious',
        'calls_total',
        'fingerprint',
        'first_seen',
        'id',
        'last_seen',
      ].sort(),
    );

    for (const user of [a.members.owner, b.members.owner]) {
      const read = await user.db.from('shared_campaigns').select('id');
      expect(read.error?.code).toBe('42501');
    }
  });
});

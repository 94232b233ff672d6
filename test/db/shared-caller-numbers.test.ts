import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, serviceClient, type TestOrg, withDb } from './clients';

/**
 * Shared caller counts (migrations/20261215000000_shared_caller_numbers.sql): organisations that
 * opted in to the shared index pool their counts per number hash; an organisation reads the
 * other organisations' share through caller_history(), and nothing in the pool names anyone.
 */

let a: TestOrg;
let b: TestOrg;
let c: TestOrg;

/** A number hash of its own for each test, so counts never mix. */
const newHash = () => randomBytes(32).toString('hex');

async function recordCall(org: TestOrg, hash: string, verdict = 'SUSPICIOUS') {
  const res = await serviceClient().rpc('record_caller_call', {
    target_organization: org.id,
    caller_hash: hash,
    call_verdict: verdict,
    called_at: new Date().toISOString(),
  });
  if (res.error) throw new Error(`record_caller_call: ${res.error.message}`);
}

async function report(org: TestOrg, hash: string, delta: 1 | -1) {
  const res = await serviceClient().rpc('report_caller_number', {
    target_organization: org.id,
    caller_hash: hash,
    delta,
  });
  if (res.error) throw new Error(`report_caller_number: ${res.error.message}`);
}

async function shared(hash: string) {
  const { data, error } = await serviceClient()
    .from('shared_caller_numbers')
    .select('*')
    .eq('number_hash', hash)
    .maybeSingle();
  if (error) throw new Error(error.message);
  return data;
}

async function history(org: TestOrg, hash: string) {
  const { data, error } = await serviceClient().rpc('caller_history', {
    target_organization: org.id,
    caller_hash: hash,
  });
  if (error) throw new Error(`caller_history: ${error.message}`);
  return data as Record<string, number | null>[];
}

async function optIn(org: TestOrg, on: boolean) {
  const res = await serviceClient()
    .from('organizations')
    .update({ shared_campaign_index: on })
    .eq('id', org.id);
  if (res.error) throw new Error(res.error.message);
}

beforeAll(async () => {
  [a, b, c] = await Promise.all([
    makeOrg('Shared callers A'),
    makeOrg('Shared callers B'),
    makeOrg('Shared callers C'),
  ]);
  await Promise.all([optIn(a, true), optIn(b, true)]);
});

describe('shared_caller_numbers', () => {
  it("counts an opted-in organisation's calls and reports, and nothing of another's", async () => {
    const hash = newHash();
    await recordCall(a, hash, 'SCAM');
    await recordCall(a, hash, 'LIKELY_SCAM');
    await report(a, hash, 1);
    await recordCall(c, hash, 'SCAM');
    await report(c, hash, 1);
    expect(await shared(hash)).toEqual({
      number_hash: hash,
      calls: 2,
      calls_likely_scam: 1,
      calls_scam: 1,
      reported_scam: 1,
    });
    // A report taken back leaves the pool too.
    await report(a, hash, -1);
    expect((await shared(hash))?.reported_scam).toBe(0);
    // C never opted in: its own history counts, the pool has nothing of it.
    const onlyC = newHash();
    await recordCall(c, onlyC, 'SCAM');
    expect(await shared(onlyC)).toBeNull();
  });

  it('holds counts only: no column names an organisation, a number or a time', async () => {
    const columns = await withDb((db) =>
      db.query<{ column_name: string }>(
        `select column_name from information_schema.columns
         where table_schema = 'public' and table_name = 'shared_caller_numbers'`,
      ),
    );
    expect(columns.rows.map((r) => r.column_name).sort()).toEqual([
      'calls',
      'calls_likely_scam',
      'calls_scam',
      'number_hash',
      'reported_scam',
    ]);
  });

  it('is read and written by no user, and its functions are the service role’s', async () => {
    const hash = newHash();
    await recordCall(a, hash);
    for (const user of [a.members.owner, b.members.reviewer]) {
      const read = await user.db.from('shared_caller_numbers').select('*');
      expect(read.error?.code).toBe('42501');
      const write = await user.db
        .from('shared_caller_numbers')
        .insert({ number_hash: hash, calls: 100 });
      expect(write.error?.code).toBe('42501');
      const own = await user.db.rpc('caller_history', {
        target_organization: a.id,
        caller_hash: hash,
      });
      expect(own.error?.code).toBe('42501');
    }
    expect((await shared(hash))?.calls).toBe(1);
  });
});

describe('caller_history()', () => {
  it("gives an opted-in organisation the others' share, beside its own counts", async () => {
    const hash = newHash();
    await recordCall(a, hash, 'SCAM');
    await report(a, hash, 1);
    await recordCall(a, hash, 'SAFE');
    await recordCall(b, hash, 'LIKELY_SCAM');
    expect(await history(b, hash)).toEqual([
      {
        calls: 1,
        calls_likely_scam: 1,
        calls_scam: 0,
        reported_scam: 0,
        shared_calls: 2,
        shared_calls_likely_scam: 0,
        shared_calls_scam: 1,
        shared_reported_scam: 1,
      },
    ]);
    // An organisation that never had the number still reads the others' share.
    const fresh = await makeOrg('Shared callers D');
    await optIn(fresh, true);
    expect(await history(fresh, hash)).toMatchObject([
      { calls: 0, reported_scam: 0, shared_calls: 3, shared_reported_scam: 1 },
    ]);
  });

  it('shows no shared counts that are only the organisation’s own', async () => {
    const hash = newHash();
    await recordCall(a, hash, 'SCAM');
    await report(a, hash, 1);
    expect(await history(a, hash)).toEqual([
      {
        calls: 1,
        calls_likely_scam: 0,
        calls_scam: 1,
        reported_scam: 1,
        shared_calls: null,
        shared_calls_likely_scam: null,
        shared_calls_scam: null,
        shared_reported_scam: null,
      },
    ]);
  });

  it('gives an organisation that did not opt in its own counts only, and nothing for an unknown number', async () => {
    const hash = newHash();
    await recordCall(a, hash, 'SCAM');
    await report(a, hash, 1);
    expect(await history(c, hash)).toEqual([]);
    await recordCall(c, hash, 'SAFE');
    expect(await history(c, hash)).toMatchObject([{ calls: 1, shared_calls: null }]);
    expect(await history(a, newHash())).toEqual([]);
  });
});

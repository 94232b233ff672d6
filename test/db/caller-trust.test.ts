import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, serviceClient, type TestOrg } from './clients';

/**
 * Caller trust in the database (migrations/20261214000000_caller_trust.sql): a phone call's row
 * keeps its number as a keyed hash that only the service role writes, and a reviewer's verdict
 * on the call reports the number in its organisation's history (+1 when confirmed a scam, -1
 * when taken back), never another organisation's.
 */

const HASH = 'a1'.repeat(32);
const OTHER_HASH = 'b2'.repeat(32);

let a: TestOrg;
let b: TestOrg;

/** Counts a call from `hash` in `org`'s history, as the Worker does when a call ends. */
async function recordCall(org: TestOrg, hash: string) {
  const res = await serviceClient().rpc('record_caller_call', {
    target_organization: org.id,
    caller_hash: hash,
    call_verdict: 'SUSPICIOUS',
    called_at: new Date().toISOString(),
  });
  if (res.error) throw new Error(`record_caller_call: ${res.error.message}`);
}

/** A finished phone call of `org` from `hash`, waiting for review. */
async function phoneCall(org: TestOrg, hash: string | null): Promise<string> {
  const row = await serviceClient()
    .from('call_analyses')
    .insert({
      organization_id: org.id,
      source: 'twilio',
      status: 'completed',
      transcript: 'this is your bank, read me the code',
      combined_score: 0.5,
      verdict: 'SUSPICIOUS',
      review_required: true,
      review_status: 'pending',
      caller_hash: hash,
    })
    .select('id')
    .single();
  if (row.error) throw new Error(`analysis: ${row.error.message}`);
  return row.data.id as string;
}

async function reportedScams(org: TestOrg, hash: string): Promise<number | undefined> {
  const { data } = await serviceClient()
    .from('caller_numbers')
    .select('reported_scam')
    .eq('organization_id', org.id)
    .eq('number_hash', hash)
    .maybeSingle();
  return data?.reported_scam as number | undefined;
}

async function review(org: TestOrg, id: string, outcome: string | null) {
  const res = await org.members.reviewer.db
    .from('call_analyses')
    .update({ review_outcome: outcome })
    .eq('id', id)
    .select('id');
  expect(res.error).toBeNull();
  expect(res.data).toHaveLength(1);
}

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg('Caller trust A'), makeOrg('Caller trust B')]);
  await Promise.all([recordCall(a, HASH), recordCall(b, HASH)]);
});

describe("a reviewer's verdict on a call from a number", () => {
  it('reports the number when confirmed a scam, and withdraws it when taken back', async () => {
    const id = await phoneCall(a, HASH);
    await review(a, id, 'confirmed_scam');
    expect(await reportedScams(a, HASH)).toBe(1);
    // The same outcome again changes nothing.
    await review(a, id, 'confirmed_scam');
    expect(await reportedScams(a, HASH)).toBe(1);
    await review(a, id, 'false_positive');
    expect(await reportedScams(a, HASH)).toBe(0);
    await review(a, id, 'confirmed_scam');
    await review(a, id, null);
    expect(await reportedScams(a, HASH)).toBe(0);
    // Organisation B's history of the same hash is B's own.
    expect(await reportedScams(b, HASH)).toBe(0);
  });

  it('reports nothing for a call without a number, or from a number never recorded', async () => {
    const withheld = await phoneCall(a, null);
    await review(a, withheld, 'confirmed_scam');
    const unknown = await phoneCall(a, OTHER_HASH);
    await review(a, unknown, 'confirmed_scam');
    expect(await reportedScams(a, OTHER_HASH)).toBeUndefined();
    expect(await reportedScams(a, HASH)).toBe(0);
  });
});

describe('call_analyses.caller_hash', () => {
  it('is written by no user: neither on insert nor on update', async () => {
    const { owner, analyst } = a.members;
    const inserted = await analyst.db.from('call_analyses').insert({
      organization_id: a.id,
      source: 'upload',
      status: 'pending',
      file_name: 'x.wav',
      caller_hash: HASH,
    });
    expect(inserted.error?.code).toBe('42501');
    const id = await phoneCall(a, OTHER_HASH);
    const updated = await owner.db
      .from('call_analyses')
      .update({ caller_hash: HASH })
      .eq('id', id)
      .select('id');
    expect(updated.error?.code).toBe('42501');
    const { data } = await serviceClient()
      .from('call_analyses')
      .select('caller_hash')
      .eq('id', id)
      .single();
    expect(data?.caller_hash).toBe(OTHER_HASH);
  });

  it('refuses what is not a hash', async () => {
    const res = await serviceClient().from('call_analyses').insert({
      organization_id: a.id,
      source: 'twilio',
      status: 'completed',
      combined_score: 0,
      verdict: 'SAFE',
      caller_hash: '+15551234567',
    });
    expect(res.error?.code).toBe('23514');
  });

  it("is another organisation's business: B's members read no row or number of A's", async () => {
    const id = await phoneCall(a, HASH);
    const { owner } = b.members;
    const rows = await owner.db.from('call_analyses').select('caller_hash').eq('id', id);
    expect(rows.data).toEqual([]);
    const numbers = await owner.db
      .from('caller_numbers')
      .select('organization_id')
      .eq('organization_id', a.id);
    expect(numbers.data).toEqual([]);
    // A reviewer of B can't confirm A's call (and so can't report A's number).
    const res = await b.members.reviewer.db
      .from('call_analyses')
      .update({ review_outcome: 'confirmed_scam' })
      .eq('id', id)
      .select('id');
    expect(res.data).toEqual([]);
    expect(await reportedScams(a, HASH)).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { VerdictName as Verdict } from '#core/thresholds';
import { campaignCandidates, recordCampaignCall } from '../../../worker/db/campaigns';
import { as, FakeClock, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { capturingQueue } from '../workerd/jobs';

/**
 * Campaigns over the API: the list by recent volume (filters, keyset pages that a new call
 * does not shift), one campaign with its activity and examples, a reviewer's label, the
 * organisation's campaign settings, and `campaign_id` on analyses. Calls are recorded straight
 * into the database with `record_campaign_call`, as the scoring path will record them.
 */

const clock = new FakeClock();
const app = testApp(
  { AUTH_MODE: 'on' },
  { clock, bindings: { JOB_QUEUE: capturingQueue().queue } },
);
const HOUR = 3_600_000;
const thisHour = Math.floor(clock.now() / HOUR) * HOUR;
/** Ten minutes into the hour `hoursAgo` before the current one. */
const hoursAgo = (n: number) => new Date(thisHour - n * HOUR + 10 * 60_000).toISOString();

let org: TestOrg;
let other: TestOrg;
const ids: Record<string, string> = {};
let exampleId = '';

async function record(
  target: TestOrg,
  at: string,
  options: { campaign?: string; verdict?: Verdict; analysis?: string } = {},
): Promise<string> {
  return recordCampaignCall(serviceDb(), {
    org: target.id,
    verdict: options.verdict ?? 'SCAM',
    at,
    fingerprint: 'AAECAwQFBgcICQoLDA0ODw==',
    bands: ['b0:aa', 'b1:bb'],
    campaign: options.campaign,
    analysis: options.analysis,
  });
}

/** A campaign of `calls` calls at `at` (the first one starts it). */
async function campaign(target: TestOrg, at: string[], verdicts: Verdict[] = []) {
  const [first = '', ...rest] = at;
  const id = await record(target, first, { verdict: verdicts[0] });
  for (const [i, when] of rest.entries())
    await record(target, when, { campaign: id, verdict: verdicts[i + 1] });
  return id;
}

beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg(app, 'Campaigns'), makeOrg(app, 'Campaigns other')]);
  const analysis = await serviceDb()
    .from('call_analyses')
    .insert({
      organization_id: org.id,
      source: 'text',
      status: 'completed',
      verdict: 'LIKELY_SCAM',
      combined_score: 0.7,
      transcript: 'Medicare is calling about your new card',
    })
    .select('id')
    .single();
  if (analysis.error) throw new Error(analysis.error.message);
  exampleId = analysis.data.id;
  ids.busy = await record(org, hoursAgo(2), { analysis: exampleId, verdict: 'LIKELY_SCAM' });
  await record(org, hoursAgo(2), { campaign: ids.busy, verdict: 'SCAM' });
  await record(org, hoursAgo(2), { campaign: ids.busy, verdict: 'SAFE' });
  ids.old = await campaign(org, [...Array(5).fill(hoursAgo(30)), hoursAgo(1)]);
  ids.now = await campaign(org, [hoursAgo(0), hoursAgo(0)]);
  ids.labelled = await campaign(org, [hoursAgo(3)]);
  const labelled = await serviceDb()
    .from('campaigns')
    .update({ label: 'scam' })
    .eq('id', ids.labelled);
  if (labelled.error) throw new Error(labelled.error.message);
  ids.foreign = await campaign(other, [hoursAgo(2)]);
});

type Page = { items: { id: string; calls_24h: number }[]; next_cursor: string | null };
const list = (query: string, credential = org.members.viewer.jwt) =>
  app.json<Page>(`/api/v1/campaigns?${query}`, as(credential));
const idsOf = (page: Page) => page.items.map((i) => i.id);
/** The two campaigns with one call in the window, in the list's tie order (id descending). */
const tied = () => [ids.old, ids.labelled].sort().reverse();

describe('GET /api/v1/campaigns', () => {
  it('ranks by calls in the last 24 whole hours, then id; other organisations never appear', async () => {
    const res = await list('limit=50');
    expect(res.status).toBe(200);
    expect(idsOf(res.body)).toEqual([ids.busy, ...tied(), ids.now]);
    expect(res.body.items.map((i) => i.calls_24h)).toEqual([3, 1, 1, 0]);
    expect(res.body.items[0]).toMatchObject({
      calls_total: 3,
      verdicts: { SAFE: 1, SUSPICIOUS: 0, LIKELY_SCAM: 1, SCAM: 1 },
      label: null,
    });
    const theirs = await list('', other.members.owner.jwt);
    expect(idsOf(theirs.body)).toEqual([ids.foreign]);
  });

  it('pages with a cursor, and a call recorded meanwhile does not shift the next page', async () => {
    const first = await list('limit=2', org.key);
    expect(idsOf(first.body)).toEqual([ids.busy, tied()[0]]);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    await record(org, new Date(clock.now()).toISOString(), { campaign: ids.now });
    const second = await list(`limit=2&cursor=${first.body.next_cursor}`, org.key);
    expect(idsOf(second.body)).toEqual([tied()[1], ids.now]);
    expect(second.body.next_cursor).toBeNull();
  });

  it.each([
    ['label=scam', () => [ids.labelled]],
    ['label=none', () => [ids.busy, ids.old, ids.now]],
    ['min_calls=5', () => [ids.old]],
    [`since=${encodeURIComponent(hoursAgo(1))}`, () => [ids.old, ids.now]],
  ])('filters: %s', async (query, expected) => {
    const res = await list(query);
    expect(idsOf(res.body)).toEqual(expected());
  });

  it.each([
    'min_calls=0',
    'label=maybe',
    'since=yesterday',
    'limit=500',
    'cursor=bm90LWEtY3Vyc29y',
  ])('answers 400 for %s', async (query) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('needs credentials', async () => {
    expect((await list('', '')).status).toBe(401);
  });
});

describe('GET /api/v1/campaigns/{id}', () => {
  it('shows counts, calls per hour and day, and examples with their verdicts', async () => {
    const res = await app.json<
      Record<string, unknown> & {
        calls_per_hour: { start: string; calls: number }[];
        calls_per_day: { calls: number }[];
      }
    >(`/api/v1/campaigns/${ids.busy}`, as(org.members.viewer.jwt));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids.busy,
      calls_total: 3,
      calls_24h: 3,
      examples: [{ id: exampleId, verdict: 'LIKELY_SCAM', combined_score: 0.7 }],
    });
    expect(res.body.calls_per_hour).toHaveLength(24);
    expect(res.body.calls_per_hour[21]).toEqual({
      start: new Date(thisHour - 2 * HOUR).toISOString(),
      calls: 3,
    });
    expect(res.body.calls_per_day).toHaveLength(7);
    expect(res.body.calls_per_day.reduce((n, d) => n + d.calls, 0)).toBe(3);
  });

  it("answers 404 for another organisation's id, an unknown id and a malformed one", async () => {
    for (const id of [ids.foreign, crypto.randomUUID(), 'not-a-uuid']) {
      const res = await app.json(`/api/v1/campaigns/${id}`, as(org.members.owner.jwt));
      expect(res).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
  });
});

describe('PUT /api/v1/campaigns/{id}/label', () => {
  const put = (credential: string, body: unknown, id = ids.now) =>
    app.json<Record<string, unknown>>(
      `/api/v1/campaigns/${id}/label`,
      as(credential, { method: 'PUT', body }),
    );

  it('lets a reviewer label and clear a campaign, stamped with who', async () => {
    const set = await put(org.members.reviewer.jwt, { label: 'legitimate' });
    expect(set).toMatchObject({
      status: 200,
      body: { id: ids.now, label: 'legitimate', labeled_by: org.members.reviewer.id },
    });
    const cleared = await put(org.members.admin.jwt, { label: null });
    expect(cleared.body).toMatchObject({ label: null, labeled_by: null, labeled_at: null });
  });

  it('refuses viewers, analysts and API keys, like reviewing an analysis', async () => {
    for (const credential of [org.members.viewer.jwt, org.members.analyst.jwt, org.key]) {
      const res = await put(credential, { label: 'scam' });
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    }
  });

  it.each([[{}], [{ label: 'maybe' }], [{ label: 'scam', extra: 1 }], ['scam']])(
    'answers 400 for %j',
    async (body) => {
      const res = await put(org.members.reviewer.jwt, body);
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    },
  );

  it("answers 404 for another organisation's campaign and leaves it as it was", async () => {
    const res = await put(org.members.owner.jwt, { label: 'scam' }, ids.foreign);
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const row = await serviceDb().from('campaigns').select('label').eq('id', ids.foreign).single();
    expect(row.data?.label).toBeNull();
  });
});

describe('candidates', () => {
  it('are the organisation’s campaigns sharing a band key, never another’s', async () => {
    const found = await campaignCandidates(serviceDb(), org.id, ['zz', 'b1:bb']);
    expect(found.map((c) => c.id).sort()).toEqual(
      [ids.busy, ids.old, ids.now, ids.labelled].sort(),
    );
    expect(await campaignCandidates(serviceDb(), org.id, ['zz'])).toEqual([]);
  });
});

describe('campaign_id on analyses', () => {
  it('names the campaign a call joined, and null for one that joined none', async () => {
    const joined = await app.json(`/api/v1/analyses/${exampleId}`, as(org.members.viewer.jwt));
    expect(joined.body).toMatchObject({ campaign_id: ids.busy });
    const page = await app.json<{ items: { id: string; campaign_id: string | null }[] }>(
      '/api/v1/analyses?limit=50',
      as(org.members.viewer.jwt),
    );
    expect(page.body.items.find((i) => i.id === exampleId)?.campaign_id).toBe(ids.busy);
    const lone = await serviceDb()
      .from('call_analyses')
      .insert({ organization_id: org.id, source: 'text', status: 'completed' })
      .select('id')
      .single();
    const none = await app.json(`/api/v1/analyses/${lone.data?.id}`, as(org.members.viewer.jwt));
    expect(none.body).toMatchObject({ campaign_id: null });
  });
});

describe('/api/v1/campaign-settings', () => {
  const settings = (credential: string, body?: unknown) =>
    app.json<Record<string, unknown>>(
      '/api/v1/campaign-settings',
      as(credential, body === undefined ? {} : { method: 'PUT', body }),
    );

  it('starts off, and admins opt in and set the detection level', async () => {
    expect((await settings(other.members.viewer.jwt)).body).toEqual({
      shared_index: false,
      detection_calls_per_day: null,
    });
    const set = await settings(other.members.admin.jwt, {
      shared_index: true,
      detection_calls_per_day: 50,
    });
    expect(set.status).toBe(200);
    expect((await settings(other.members.viewer.jwt)).body).toEqual({
      shared_index: true,
      detection_calls_per_day: 50,
    });
    expect((await settings(org.members.viewer.jwt)).body).toMatchObject({ shared_index: false });
  });

  it('refuses members below admin and bad values', async () => {
    const body = { shared_index: true, detection_calls_per_day: null };
    expect((await settings(org.members.reviewer.jwt, body)).status).toBe(403);
    for (const bad of [
      { shared_index: true, detection_calls_per_day: 0 },
      { shared_index: 'yes', detection_calls_per_day: null },
      { detection_calls_per_day: 10 },
    ]) {
      const res = await settings(org.members.admin.jwt, bad);
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
  });
});

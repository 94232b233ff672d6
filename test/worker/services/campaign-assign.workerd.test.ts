import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';
import type { NewAnalysis } from '../../../worker/db/call-analyses';
import { QUEUES } from '../../../worker/queues/index';
import { persistAnalyses } from '../../../worker/queues/persist-analysis';
import type { Services } from '../../../worker/services';
import { assignCampaign } from '../../../worker/services/campaign-assign';
import { emitEvent } from '../../../worker/webhooks/emit';
import { as, eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { Endpoint, succeeded, verified } from '../workerd/receivers';

/**
 * Stored text analyses joining campaigns: rows go through the persist-analysis consumer (the
 * path every text and audio report takes to `call_analyses`) against the real local Supabase;
 * `campaign.detected` goes through the real webhook queue to a loopback receiver.
 */

const app = testApp({ AUTH_MODE: 'on' });

const IRS =
  'This is the Internal Revenue Service. Our records show you owe back taxes and a warrant ' +
  'will be issued for your arrest today unless you call us back and pay with Google Play gift ' +
  'cards. Press one to speak to an officer now.';
const WARRANTY =
  'We have been trying to reach you concerning your vehicle extended warranty. This is your ' +
  'final courtesy notice before we close the file. Press nine to speak with a warranty ' +
  'specialist about coverage for your car.';

function row(org: TestOrg, transcript: string, overrides: Partial<NewAnalysis> = {}): NewAnalysis {
  const at = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    organization_id: org.id,
    source: 'text',
    status: 'completed',
    transcript,
    result: { verdict: 'SCAM' },
    combined_score: 0.9,
    verdict: 'SCAM',
    engines: ['local'],
    review_required: false,
    review_reason: null,
    review_status: 'none',
    created_by: null,
    api_key_id: org.keyId,
    file_name: null,
    audio_key: null,
    trimmed_audio_key: null,
    metadata: {},
    created_at: at,
    completed_at: at,
    ...overrides,
  };
}

/** Stores rows as the persist-analysis queue does, one batch; the batch's acks and retries. */
async function store(rows: NewAnalysis[], services: Services = app.services) {
  const batch = createMessageBatch(
    QUEUES.analyses,
    rows.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  await persistAnalyses(batch, services);
  return getQueueResult(batch, createExecutionContext());
}

async function stored(id: string) {
  const found = await serviceDb()
    .from('call_analyses')
    .select('id, verdict, campaign_id, fingerprint')
    .eq('id', id)
    .maybeSingle();
  return found.data as {
    id: string;
    campaign_id: string | null;
    fingerprint: string | null;
  } | null;
}

async function callsOf(campaign: string | null | undefined) {
  const found = await serviceDb()
    .from('campaigns')
    .select('calls_total, organization_id')
    .eq('id', campaign ?? '')
    .single();
  return found.data as { calls_total: number; organization_id: string };
}

let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg(app, 'Campaign A'), makeOrg(app, 'Campaign B')]);
});

describe('a stored text analysis', () => {
  it('joins the campaign of the same script, and a different script starts another', async () => {
    const first = row(org, IRS);
    const again = row(org, `${IRS} Thank you.`);
    const different = row(org, WARRANTY);
    await store([first]);
    await store([again, different]);
    const [a, b, c] = await Promise.all([first, again, different].map((r) => stored(r.id)));
    expect(a?.campaign_id).toBeTruthy();
    expect(a?.fingerprint).toBeTruthy();
    expect(b?.campaign_id).toBe(a?.campaign_id);
    expect(await callsOf(a?.campaign_id)).toEqual({ calls_total: 2, organization_id: org.id });
    expect(c?.campaign_id).toBeTruthy();
    expect(c?.campaign_id).not.toBe(a?.campaign_id);
    expect((await callsOf(c?.campaign_id)).calls_total).toBe(1);
  });

  it('joins nothing when the transcript is too short to fingerprint', async () => {
    const short = row(org, 'Hi.');
    const result = await store([short]);
    expect(result.explicitAcks).toEqual(['m0']);
    expect(await stored(short.id)).toMatchObject({ campaign_id: null, fingerprint: null });
  });

  it('is counted once when its message is delivered again', async () => {
    // The other organisation has no warranty campaign yet: this call starts one.
    const first = row(other, WARRANTY);
    await store([first]);
    await store([first]);
    const found = await stored(first.id);
    expect((await callsOf(found?.campaign_id)).calls_total).toBe(1);
  });

  it('lands in its own organisation’s campaign when another one has the same script', async () => {
    const mine = row(org, IRS);
    const theirs = row(other, IRS);
    await store([mine, theirs]);
    const [a, b] = await Promise.all([stored(mine.id), stored(theirs.id)]);
    expect(b?.campaign_id).toBeTruthy();
    expect(b?.campaign_id).not.toBe(a?.campaign_id);
    expect(await callsOf(b?.campaign_id)).toEqual({ calls_total: 1, organization_id: other.id });
  });
});

describe('POST /analyze/text', () => {
  it('stores each analysis in one campaign through the real analyses queue', async () => {
    const api = await makeOrg(app, 'Campaign API');
    const analyse = async () => {
      const res = await app.json<ScamReport>(
        '/analyze/text',
        as(api.key, { body: { transcript: IRS } }),
      );
      expect(res.status).toBe(200);
      return res.body.id.replace(/^analysis_/, '');
    };
    const ids = [await analyse(), await analyse()];
    // Rows are written (and joined) by the queue's consumer after the answers.
    const rows = await eventually(async () => {
      const found = await Promise.all(ids.map(stored));
      return found.every((r) => r?.campaign_id) ? found : undefined;
    });
    expect(rows?.[1]?.campaign_id).toBe(rows?.[0]?.campaign_id);
    expect(await callsOf(rows?.[0]?.campaign_id)).toEqual({
      calls_total: 2,
      organization_id: api.id,
    });
  });
});

/** The services with a campaign store that refuses every request (its table is missing). */
function brokenCampaignStore(services: Services): Services {
  const service = services.db!.service;
  const broken = new Proxy(service, {
    get(target, prop, receiver) {
      if (prop === 'from')
        return (table: string) => target.from(table === 'campaigns' ? 'campaigns_gone' : table);
      if (prop === 'rpc') return () => target.rpc('record_campaign_call_gone');
      return Reflect.get(target, prop, receiver);
    },
  }) as SupabaseClient;
  return { ...services, db: { ...services.db!, service: broken } };
}

describe('a failing campaign store', () => {
  it('neither fails nor loses the analysis', async () => {
    const analysis = row(org, IRS);
    const broken = brokenCampaignStore(app.services);
    const result = await store([analysis], broken);
    expect(result.explicitAcks).toEqual(['m0']);
    expect(result.retryMessages).toEqual([]);
    expect(await stored(analysis.id)).toMatchObject({
      id: analysis.id,
      verdict: 'SCAM',
      campaign_id: null,
    });
    // An upload job calls it after completing its row: it must resolve, not throw.
    const job = { org: org.id, id: analysis.id, transcript: IRS, verdict: 'SCAM' as const };
    await expect(assignCampaign(broken, { ...job, at: analysis.created_at })).resolves.toBeNull();
  });
});

describe('campaign.detected', () => {
  it('is delivered once when a campaign’s calls in a day reach the organisation’s level', async () => {
    const watcher = await makeOrg(app, 'Campaign alerts');
    const level = await serviceDb()
      .from('organizations')
      .update({ campaign_alert_calls_per_day: 2 })
      .eq('id', watcher.id);
    expect(level.error).toBeNull();
    const endpoint = new Endpoint();
    const hook = await app.json<{ id: string; secret: string }>(
      '/api/v1/integrations',
      as(watcher.members.owner.jwt, {
        body: { url: endpoint.url, events: ['campaign.detected', 'review.submitted'] },
      }),
    );
    expect(hook.status).toBe(201);

    const calls = [
      row(watcher, IRS),
      row(watcher, IRS, { verdict: 'SUSPICIOUS' }),
      row(watcher, IRS),
    ];
    for (const call of calls) await store([call]);
    // A marker sent after every call: once it arrives, anything the calls raised has too.
    await emitEvent(app.services, watcher.id, {
      type: 'review.submitted',
      data: EXAMPLE_EVENT_DATA['review.submitted'],
    });
    const events = succeeded(await endpoint.delivered(2)).map((r) => verified(r, hook.body.secret));
    const detected = events.filter((e) => e.type === 'campaign.detected');
    expect(detected).toHaveLength(1);
    const campaign = (await stored(calls[0]!.id))?.campaign_id;
    expect(detected[0]?.data).toEqual({
      campaign_id: campaign,
      calls_24h: 2,
      level: 2,
      calls_total: 2,
      verdicts: { SAFE: 0, SUSPICIOUS: 1, LIKELY_SCAM: 0, SCAM: 1 },
      label: null,
      first_seen: expect.any(String),
      detected_at: calls[1]!.created_at,
    });
    expect(JSON.stringify(detected[0])).not.toContain('Revenue');
  });
});

/**
 * The index shared across organisations: a script only these tests speak (the table is global),
 * heard by two organisations that opted in and one that did not.
 */
describe('the shared index', () => {
  const SCRIPT =
    'Congratulations, your household was selected for a free solar roof survey from Sunbright ' +
    'Energy Partners. Our technician Marcus will visit this Thursday; press two to confirm the ' +
    'visit or press three to choose another morning.';
  const REWORDED =
    'Congratulations, your household has been selected for a free solar roof survey from ' +
    'Sunbright Energy Partners. Our technician Marcus visits this Thursday; press two to confirm ' +
    'the visit, or press three to choose another morning.';
  let optedA: TestOrg;
  let optedB: TestOrg;
  let notOpted: TestOrg;
  const campaignOf = async (r: NewAnalysis) => (await stored(r.id))?.campaign_id ?? '';
  const read = (who: TestOrg, id: string, target = app) =>
    target.json<Record<string, unknown> & { shared: Record<string, unknown> | null }>(
      `/api/v1/campaigns/${id}`,
      as(who.members.viewer.jwt, { headers: { 'x-orgid': who.id } }),
    );
  const rows = {} as Record<'a1' | 'a2' | 'b' | 'c', NewAnalysis>;

  beforeAll(async () => {
    [optedA, optedB, notOpted] = await Promise.all([
      makeOrg(app, 'Shared A'),
      makeOrg(app, 'Shared B'),
      makeOrg(app, 'Not shared'),
    ]);
    for (const o of [optedA, optedB]) {
      const set = await app.fetch(
        '/api/v1/campaign-settings',
        as(o.members.admin.jwt, {
          method: 'PUT',
          body: { shared_index: true, detection_calls_per_day: null },
          headers: { 'x-orgid': o.id },
        }),
      );
      expect(set.status).toBe(200);
    }
    rows.a1 = row(optedA, SCRIPT);
    rows.a2 = row(optedA, REWORDED);
    rows.b = row(optedB, REWORDED, { verdict: 'SUSPICIOUS', combined_score: 0.4 });
    rows.c = row(notOpted, SCRIPT);
    for (const r of Object.values(rows)) await store([r]);
  });

  it('counts the calls of the organisations that opted in, for each of them', async () => {
    const a = await read(optedA, await campaignOf(rows.a1));
    expect(a.status).toBe(200);
    expect(a.body.calls_total).toBe(2);
    expect(a.body.shared).toMatchObject({
      calls_total: 3,
      verdicts: { SAFE: 0, SUSPICIOUS: 1, LIKELY_SCAM: 0, SCAM: 2 },
      first_seen: expect.any(String),
      last_seen: expect.any(String),
    });
    expect(a.body.shared?.similarity).toBeGreaterThanOrEqual(0.15);
    const b = await read(optedB, await campaignOf(rows.b));
    expect(b.body.shared).toMatchObject({ calls_total: 3 });
  });

  it('shows nothing to an organisation that did not opt in, and never counted its calls', async () => {
    const c = await read(notOpted, await campaignOf(rows.c));
    expect(c.status).toBe(200);
    expect(c.body.calls_total).toBe(1);
    expect(c.body.shared).toBeNull();
  });

  it("never shows another organisation's ids, calls or words", async () => {
    const a = await read(optedA, await campaignOf(rows.a1));
    const text = JSON.stringify(a.body);
    const others = [optedB.id, notOpted.id, rows.b.id, rows.c.id, await campaignOf(rows.b)];
    for (const id of others) expect(text).not.toContain(id);
    expect(Object.keys(a.body.shared ?? {}).sort()).toEqual(
      ['calls_total', 'first_seen', 'last_seen', 'similarity', 'verdicts'].sort(),
    );
    for (const word of ['Sunbright', 'Marcus', 'solar', 'fingerprint'])
      expect(text.toLowerCase()).not.toContain(word.toLowerCase());
    // Another organisation's campaign is still 404, shared index or not.
    expect((await read(optedA, await campaignOf(rows.b))).status).toBe(404);
  });

  it('answers the campaign without the shared counts when the index cannot be read', async () => {
    const broken = testApp({ AUTH_MODE: 'on' });
    broken.services.db = { ...broken.services.db!, service: failingClient() };
    const a = await read(optedA, await campaignOf(rows.a1), broken);
    expect(a.status).toBe(200);
    expect(a.body.calls_total).toBe(2);
    expect(a.body.shared).toBeNull();
  });
});

/** A client whose every query throws, as an unreachable database does. */
function failingClient(): SupabaseClient {
  return {
    from() {
      throw new Error('database down');
    },
  } as unknown as SupabaseClient;
}

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, fingerprintFromBase64 } from '#core/campaigns/fingerprint';
import type { FinalResult, PartialResult } from '#core/schemas/stream-protocol';
import type { CallSessionDeps } from '../../durable-objects/call-session/contract';
import { callRowId } from '../../worker/services/analysis-rows';
import { labelledCampaign } from '../worker/workerd/campaigns';
import { eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../worker/workerd/harness';
import { SCRIPT_RATES, SCRIPTS } from './fault-proxy';
import { StreamClient, toneChunk } from './ws-client';

/**
 * Live calls and the campaigns an organisation's reviewers labelled (docs/campaigns.md, "Live
 * calls"). Every chunk here is a loud tone at SCRIPT_RATES.refillReminder: the fault proxy has
 * the fake engine hear a pharmacy "reminder" that scores SAFE alone. Organisation A's reviewer
 * confirmed that script a scam; B has no campaign of it.
 */

const app = testApp({ AUTH_MODE: 'on' });
const SCRIPT = SCRIPTS.refillReminder;
const chunk = () => toneChunk(SCRIPT_RATES.refillReminder);
const CALLS_BEFORE = 3;

let orgA: TestOrg;
let orgB: TestOrg;
let scamId = '';

async function open(org: TestOrg): Promise<StreamClient> {
  return StreamClient.accept(
    await app.fetch('/ws/stream', { headers: { Upgrade: 'websocket', 'X-API-Key': org.key } }),
  );
}

/** Streams two chunks of the script, then ends the call. */
async function streamScript(client: StreamClient) {
  const partials: PartialResult[] = [];
  for (const index of [1, 2]) {
    client.send(chunk());
    partials.push(await client.next('partial_result', index, 60_000));
  }
  client.sendJson({ type: 'end_stream' });
  const final: FinalResult = await client.next('final_result', 1, 60_000);
  return { partials, final };
}

const categories = (p: { signals: { category: string }[] }) => p.signals.map((s) => s.category);
const WARNS = ['SUSPICIOUS', 'LIKELY_SCAM', 'SCAM'];

beforeAll(async () => {
  [orgA, orgB] = await Promise.all([makeOrg(app, 'Live campaigns A'), makeOrg(app, 'B')]);
  scamId = await labelledCampaign(app, orgA, SCRIPT, 'scam', CALLS_BEFORE);
});

describe('a live call matching a campaign its organisation confirmed a scam', () => {
  it('warns by its second chunk, names the campaign, and its row joins it once', async () => {
    const client = await open(orgA);
    const { partials, final } = await streamScript(client);
    const second = partials[1]!;
    expect(categories(second)).toContain('KNOWN_SCAM_CAMPAIGN');
    expect(WARNS).toContain(second.verdict);
    expect(second.campaign_id).toBe(scamId);
    const signal = second.signals.find((s) => s.category === 'KNOWN_SCAM_CAMPAIGN');
    expect(signal?.detail).toContain(`Matches campaign ${scamId}: ${CALLS_BEFORE} calls today`);
    // Every result from the first match on names it; the final one too, and keeps the warning.
    const first = partials.findIndex((p) => p.campaign_id === scamId);
    expect(first).toBeGreaterThanOrEqual(0);
    for (const p of partials.slice(first)) expect(p.campaign_id).toBe(scamId);
    expect(final.campaign_id).toBe(scamId);
    expect(WARNS).toContain(final.verdict);
    expect(categories(final)).toContain('KNOWN_SCAM_CAMPAIGN');

    // The final row joins the campaign the messages named, counted once (the session only
    // looked it up; the row is the call's one count).
    const rowId = await callRowId(client.streamId, 'stream');
    const row = await eventually(async () => {
      const { data } = await serviceDb()
        .from('call_analyses')
        .select('campaign_id, verdict')
        .eq('id', rowId)
        .maybeSingle();
      return data?.campaign_id ? data : undefined;
    });
    expect(row?.campaign_id).toBe(scamId);
    const { data: campaign } = await serviceDb()
      .from('campaigns')
      .select('calls_total')
      .eq('id', scamId)
      .single();
    expect(campaign?.calls_total).toBe(CALLS_BEFORE + 1);
    const { count } = await serviceDb()
      .from('call_analyses')
      .select('id', { count: 'exact', head: true })
      .eq('campaign_id', scamId);
    expect(count).toBe(1);
  });

  it('changes nothing for another organisation streaming the same script', async () => {
    const { partials, final } = await streamScript(await open(orgB));
    for (const result of [...partials, final]) {
      expect(categories(result)).not.toContain('KNOWN_SCAM_CAMPAIGN');
      expect(result.campaign_id).toBeUndefined();
      expect(result.verdict).toBe('SAFE');
    }
    expect(final.transcript).toContain('lakeside pharmacy');
  });

  it('keeps the match and the running fingerprint across an eviction', async () => {
    const client = await open(orgA);
    client.send(chunk());
    const first = await client.next('partial_result', 1, 60_000);
    expect(first.campaign_id).toBe(scamId);
    await evictDurableObject(client.stub);
    // Every lookup from now on fails: what the second chunk shows was stored with the first.
    await runInDurableObject(client.stub, (instance) => {
      const { deps } = instance as unknown as { deps: CallSessionDeps };
      deps.matchCampaign = () => Promise.reject(new Error('campaign lookup down'));
    });
    client.send(chunk());
    const second = await client.next('partial_result', 2, 60_000);
    expect(second.campaign_id).toBe(scamId);
    expect(categories(second)).toContain('KNOWN_SCAM_CAMPAIGN');
    expect(WARNS).toContain(second.verdict);
    const stored = await runInDurableObject(client.stub, (_, state) =>
      state.storage.sql.exec('SELECT builder_json FROM campaign_watch').one(),
    );
    const builder = JSON.parse(String(stored.builder_json)) as { fingerprint: string };
    // Both chunks' words were fed: more than the first chunk's script alone holds.
    expect(fingerprintFromBase64(builder.fingerprint).words).toBeGreaterThan(
      fingerprint(SCRIPT).words,
    );
    client.sendJson({ type: 'end_stream' });
    expect((await client.next('final_result', 1, 60_000)).campaign_id).toBe(scamId);
  });

  it('streams on unadjusted when the campaign lookup fails', async () => {
    const client = await open(orgA);
    // The session's own dependency rejects (the Worker's never does: it logs and answers null).
    await runInDurableObject(client.stub, (instance) => {
      const { deps } = instance as unknown as { deps: CallSessionDeps };
      deps.matchCampaign = () => Promise.reject(new Error('campaign lookup down'));
    });
    const { partials, final } = await streamScript(client);
    expect(partials.map((p) => p.chunk_index)).toEqual([1, 2]);
    for (const result of [...partials, final]) {
      expect(categories(result)).not.toContain('KNOWN_SCAM_CAMPAIGN');
      expect(result.campaign_id).toBeUndefined();
      expect(result.verdict).toBe('SAFE');
    }
    expect(final.transcript).toContain('lakeside pharmacy');
  });
});

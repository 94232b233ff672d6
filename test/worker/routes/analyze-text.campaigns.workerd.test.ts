import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '#core/log';
import type { ScamReport, Signal } from '#core/schemas/report';
import type { Services } from '../../../worker/services';
import { matchLabelledCampaign } from '../../../worker/services/campaign-match';
import { labelledCampaign } from '../workerd/campaigns';
import { as, makeOrg, type TestOrg, testApp } from '../workerd/harness';
import { capturingQueue } from '../workerd/jobs';

/**
 * Campaigns change the verdict of an organisation's text analyses (docs/campaigns.md): a
 * campaign is recorded as the scoring path records it, a reviewer labels it through the API,
 * and the same script, reworded, is posted again. The analyses queue only captures, so the
 * posts themselves join no campaign and the counts stay as recorded.
 */

const app = testApp({ AUTH_MODE: 'on' }, { bindings: { ANALYSIS_QUEUE: capturingQueue().queue } });

/** A refill "reminder" reviewers confirmed a scam: it sounds harmless, SAFE on its own. */
const REFILL = [
  'This is an automated reminder from Greenfield Pharmacy. Your prescription refill is due and we need to confirm your account before we can process it. Press 1 now to speak with a pharmacy representative, or call us back at 555 0100 today to avoid a delay in your medication.',
  'This is an automated reminder from Greenfield Pharmacy. Your prescription refill is due, and we need to confirm your account before we process it. Press 1 to speak with a pharmacy representative, or call us back at 555 0100 today so there is no delay in your medication.',
] as const;
/** A real plan's reminder call the engine finds SUSPICIOUS on its own. */
const PLAN = [
  'Hello, this is Medicare benefits services calling about your new card for the coming year. Our records show you have not received your updated benefits card yet. Stay on the line and a benefits specialist will confirm your details and mail the new card out to you this week.',
  'Hi, this is Medicare benefit services calling about the new card for the coming year. Our records show that you have not yet received your updated benefits card. Stay on the line and a benefits specialist will confirm your details and mail your new card to you this week.',
] as const;

let orgA: TestOrg;
let orgB: TestOrg;

async function analyze(org: TestOrg, transcript: string, target = app) {
  const res = await target.json<ScamReport>(
    '/analyze/text',
    as(org.key, { method: 'POST', body: { transcript } }),
  );
  expect(res.status).toBe(200);
  const signals = res.body.text_analysis?.signals ?? [];
  const counters = res.body.text_analysis?.counter_signals ?? [];
  return { report: res.body, signals, counters };
}

const categories = (signals: Signal[]) => signals.map((s) => s.category);

let scamId = '';
let legitimateId = '';

beforeAll(async () => {
  [orgA, orgB] = await Promise.all([makeOrg(app, 'Campaign verdict A'), makeOrg(app, 'B')]);
  scamId = await labelledCampaign(app, orgA, REFILL[0], 'scam', 3);
  legitimateId = await labelledCampaign(app, orgA, PLAN[0], 'legitimate', 2);
});

describe('POST /analyze/text with labelled campaigns', () => {
  it('warns when the script matches a campaign the organisation confirmed a scam', async () => {
    const alone = await analyze(orgB, REFILL[1]);
    expect(alone.report.verdict).toBe('SAFE');
    const { report, signals } = await analyze(orgA, REFILL[1]);
    expect(['SUSPICIOUS', 'LIKELY_SCAM', 'SCAM']).toContain(report.verdict);
    // A near-verbatim rewording: a certain match, so LIKELY_SCAM.
    expect(report.verdict).toBe('LIKELY_SCAM');
    expect(report.combined_score).toBeGreaterThanOrEqual(0.6);
    const signal = signals.find((s) => s.category === 'KNOWN_SCAM_CAMPAIGN');
    expect(signal).toMatchObject({ severity: 'high' });
    expect(signal?.detail).toContain(
      `Matches campaign ${scamId}: 3 calls today, confirmed a scam by reviewers`,
    );
    expect(report.text_analysis?.verdict).toBe(report.verdict);
    expect(report.campaign_id).toBe(scamId);
    expect(alone.report).not.toHaveProperty('campaign_id');
  });

  it('leaves another organisation untouched: campaigns are per organisation', async () => {
    const { report, signals, counters } = await analyze(orgB, REFILL[1]);
    expect(categories(signals)).not.toContain('KNOWN_SCAM_CAMPAIGN');
    expect(categories(counters)).not.toContain('KNOWN_LEGITIMATE_CAMPAIGN');
    expect(report.verdict).toBe('SAFE');
  });

  it('lowers a script matching a campaign confirmed legitimate, as a counter-signal', async () => {
    const alone = await analyze(orgB, PLAN[1]);
    expect(alone.report.verdict).not.toBe('SAFE');
    const { report, signals, counters } = await analyze(orgA, PLAN[1]);
    expect(report.combined_score).toBeLessThan(alone.report.combined_score);
    expect(report.verdict).toBe('SAFE');
    expect(categories(signals)).not.toContain('KNOWN_LEGITIMATE_CAMPAIGN');
    const counter = counters.find((s) => s.category === 'KNOWN_LEGITIMATE_CAMPAIGN');
    expect(counter?.detail).toContain(
      `Matches campaign ${legitimateId}: 2 calls today, confirmed legitimate by reviewers`,
    );
    expect(report.campaign_id).toBe(legitimateId);
  });

  it('answers the unadjusted report when the lookup fails', async () => {
    const broken = testApp(
      { AUTH_MODE: 'on' },
      { bindings: { ANALYSIS_QUEUE: capturingQueue().queue } },
    );
    // Authentication keeps its own client; only the campaign lookup reads this one.
    broken.services.db = { ...broken.services.db!, service: failingClient() };
    const { report, signals } = await analyze(orgA, REFILL[1], broken);
    expect(categories(signals)).not.toContain('KNOWN_SCAM_CAMPAIGN');
    expect(report).not.toHaveProperty('campaign_id');
    expect(report.verdict).toBe('SAFE');
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

/** A client whose queries never answer. */
function stalledClient(): SupabaseClient {
  const chain: object = new Proxy(
    {},
    {
      get: (_, prop) => (prop === 'retry' ? () => new Promise(() => {}) : () => chain),
    },
  );
  return { from: () => chain } as unknown as SupabaseClient;
}

describe('matchLabelledCampaign', () => {
  function services(service: SupabaseClient) {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ sink: (_, line) => lines.push(JSON.parse(line)) });
    const db = { ...app.services.db!, service };
    return { services: { ...app.services, db, logger } as Services, lines };
  }

  it('finds the labelled campaign, with its calls in the last day', async () => {
    const found = await matchLabelledCampaign(app.services, orgA.id, REFILL[1]);
    expect(found).toMatchObject({ campaign: scamId, label: 'scam', callsToday: 3 });
    expect(found?.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it('looks nothing up for a caller without a database organisation', async () => {
    const { services: s, lines } = services(failingClient());
    expect(await matchLabelledCampaign(s, 'public', REFILL[1])).toBeNull();
    expect(lines).toEqual([]);
  });

  it('answers null on a failure and on a timeout, and logs both', async () => {
    const failing = services(failingClient());
    expect(await matchLabelledCampaign(failing.services, orgA.id, REFILL[1])).toBeNull();
    expect(failing.lines).toMatchObject([{ event: 'campaign_match_failed' }]);
    const stalled = services(stalledClient());
    const found = matchLabelledCampaign(stalled.services, orgA.id, REFILL[1], { timeoutMs: 20 });
    expect(await found).toBeNull();
    expect(stalled.lines).toMatchObject([{ event: 'campaign_match_failed', reason: 'timeout' }]);
  });
});

import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { fromBase64 } from '../../durable-objects/ws-client';
import { labelledCampaign } from '../workerd/campaigns';
import { as, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import {
  capturingQueue,
  createAnalysis,
  deliver,
  faultySidecar,
  jobApp,
  upload,
} from '../workerd/jobs';

/**
 * Campaigns change the verdict of audio too (docs/campaigns.md): an uploaded report
 * (`POST /analyze/audio`) and an upload job (`POST /api/v1/analyses`) whose transcript matches a
 * campaign the organisation's reviewers labelled carry its signal and name it (`campaign_id`).
 * The sidecar is the fake engine (real ffmpeg), which hears the test call's script.
 */

const speech = fromBase64(inject('speechChunks')[0]!);
/** What the fake engine hears in every upload. */
const heard = inject('fakeTranscript');

const app = testApp(
  { AUTH_MODE: 'on', ...inject('s3Vars') },
  { bindings: { ANALYSIS_QUEUE: capturingQueue().queue } },
);

let orgA: TestOrg;
let orgB: TestOrg;
let scamId = '';

beforeAll(async () => {
  [orgA, orgB] = await Promise.all([makeOrg(app, 'Audio campaigns A'), makeOrg(app, 'B')]);
  scamId = await labelledCampaign(app, orgA, heard, 'scam', 4);
});

async function analyzeAudio(org: TestOrg, target = app): Promise<ScamReport> {
  const form = new FormData();
  form.append('file', new File([speech], 'call.wav', { type: 'audio/wav' }));
  const res = await target.fetch('/analyze/audio', {
    method: 'POST',
    body: form,
    headers: { Authorization: `Bearer ${org.key}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ScamReport;
}

const categories = (report: ScamReport | Record<string, unknown>) =>
  ((report as ScamReport).audio_analysis?.signals ?? []).map((s) => s.category);

describe('POST /analyze/audio with labelled campaigns', () => {
  it('warns and names the campaign when the transcript matches one confirmed a scam', async () => {
    const report = await analyzeAudio(orgA);
    expect(report.transcript).toBe(heard);
    expect(report.campaign_id).toBe(scamId);
    const signal = report.audio_analysis?.signals.find((s) => s.category === 'KNOWN_SCAM_CAMPAIGN');
    expect(signal?.detail).toContain(`Matches campaign ${scamId}: 4 calls today`);
    // Gemini's own opinion (none here) is never adjusted: text_analysis stays null for audio.
    expect(report.text_analysis).toBeNull();
  });

  it('leaves another organisation untouched, with no campaign_id', async () => {
    const report = await analyzeAudio(orgB);
    expect(categories(report)).not.toContain('KNOWN_SCAM_CAMPAIGN');
    expect(report).not.toHaveProperty('campaign_id');
  });

  it('answers the unadjusted report when the lookup fails', async () => {
    const broken = testApp(
      { AUTH_MODE: 'on', ...inject('s3Vars') },
      { bindings: { ANALYSIS_QUEUE: capturingQueue().queue } },
    );
    // Authentication keeps its own client; only the campaign lookup reads this one.
    broken.services.db = { ...broken.services.db!, service: failingClient() };
    const report = await analyzeAudio(orgA, broken);
    expect(report.transcript).toBe(heard);
    expect(categories(report)).not.toContain('KNOWN_SCAM_CAMPAIGN');
    expect(report).not.toHaveProperty('campaign_id');
  });
});

describe('an upload job with labelled campaigns', () => {
  it('has its result adjusted, named and joined to the labelled campaign', async () => {
    const sidecar = faultySidecar('pass');
    const { app: jobs, sent } = jobApp({ SIDECAR_URL: sidecar.url });
    const file = await upload(jobs, orgA.key, speech);
    expect(file.status).toBe(201);
    const created = await createAnalysis(jobs, orgA.key, file.body);
    expect(created.status).toBe(202);
    const outcome = await deliver(jobs, [sent[0]!]);
    expect(outcome.acked).toHaveLength(1);
    const stored = await jobs.json<Record<string, unknown>>(
      `/api/v1/analyses/${created.body.id}`,
      as(orgA.key, { headers: { 'x-orgid': orgA.id } }),
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ status: 'completed', campaign_id: scamId });
    const result = stored.body.result as ScamReport;
    expect(result.campaign_id).toBe(scamId);
    expect(categories(result)).toContain('KNOWN_SCAM_CAMPAIGN');
    // The join counted it: the campaign's calls went from 4 to 5.
    const campaign = await serviceDb()
      .from('campaigns')
      .select('calls_total')
      .eq('id', scamId)
      .single();
    expect(campaign.data?.calls_total).toBe(5);
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

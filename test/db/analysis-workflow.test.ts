import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, serviceClient, type TestOrg } from './clients';

/**
 * The workflow's rules in the database itself: jobs are claimed atomically and only by the
 * service role; every review change leaves a record nobody can edit; analysts edit metadata,
 * not reviews; metrics see only the caller's organisations.
 */

let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg('Workflow'), makeOrg('Workflow other')]);
});

async function pendingJob(): Promise<string> {
  const row = await serviceClient()
    .from('call_analyses')
    .insert({ organization_id: org.id, source: 'upload', status: 'pending', file_name: 'a.wav' })
    .select('id, stage, progress')
    .single();
  expect(row.data).toMatchObject({ stage: 'queued', progress: 0 });
  return row.data!.id as string;
}

const claim = (id: string, lease = 600, max = 5) =>
  serviceClient().rpc('claim_analysis_job', {
    job_id: id,
    lease_seconds: lease,
    max_attempts: max,
  });

describe('claim_analysis_job', () => {
  it('gives a pending job to exactly one of several claimers', async () => {
    const id = await pendingJob();
    const results = await Promise.all(Array.from({ length: 6 }, () => claim(id)));
    const winners = results.filter((r) => (r.data as unknown[]).length === 1);
    expect(winners).toHaveLength(1);
    expect((winners[0]!.data as Record<string, unknown>[])[0]).toMatchObject({
      status: 'processing',
      stage: 'decoding',
      attempts: 1,
    });
  });

  it('leaves a live lease alone and takes over an expired one', async () => {
    const id = await pendingJob();
    await claim(id, 600);
    expect((await claim(id)).data).toEqual([]);
    await serviceClient()
      .from('call_analyses')
      .update({ lease_expires_at: new Date(Date.now() - 1000).toISOString() })
      .eq('id', id);
    expect((await claim(id)).data).toEqual([
      expect.objectContaining({ attempts: 2, status: 'processing' }),
    ]);
  });

  it('ends a job in error once its attempts are spent', async () => {
    const id = await pendingJob();
    await serviceClient()
      .from('call_analyses')
      .update({ attempts: 3, error: 'sidecar down' })
      .eq('id', id);
    const res = await claim(id, 600, 3);
    expect(res.data).toEqual([
      expect.objectContaining({
        status: 'error',
        error_code: 'ATTEMPTS_EXHAUSTED',
        error: 'gave up after 3 attempts: sidecar down',
        attempts: 3,
      }),
    ]);
  });

  it('is the service role’s alone: members cannot claim or recover jobs', async () => {
    const id = await pendingJob();
    const asOwner = await org.members.owner.db.rpc('claim_analysis_job', {
      job_id: id,
      lease_seconds: 60,
      max_attempts: 5,
    });
    expect(asOwner.error?.code).toBe('42501');
    const recover = await org.members.owner.db.rpc('recover_analysis_jobs', {
      max_attempts: 5,
      stale_pending_seconds: 0,
      max_rows: 10,
    });
    expect(recover.error?.code).toBe('42501');
  });
});

describe('review records', () => {
  it('every review change is recorded with its actor; members read them; nobody edits them', async () => {
    const { reviewer, viewer, owner } = org.members;
    const claimed = await reviewer.db
      .from('call_analyses')
      .update({ assigned_to: reviewer.id, review_status: 'in_review' })
      .eq('id', org.analysisId)
      .select('id');
    expect(claimed.data).toHaveLength(1);
    await reviewer.db
      .from('call_analyses')
      .update({ review_outcome: 'confirmed_scam', review_notes: 'gift cards' })
      .eq('id', org.analysisId);
    const records = await viewer.db
      .from('analysis_reviews')
      .select('action, actor_id, review_status, outcome, notes')
      .eq('analysis_id', org.analysisId)
      .order('created_at');
    expect(records.data).toEqual([
      { action: 'flagged', actor_id: null, review_status: 'pending', outcome: null, notes: null },
      {
        action: 'claimed',
        actor_id: reviewer.id,
        review_status: 'in_review',
        outcome: null,
        notes: null,
      },
      {
        action: 'submitted',
        actor_id: reviewer.id,
        review_status: 'completed',
        outcome: 'confirmed_scam',
        notes: 'gift cards',
      },
    ]);
    const forged = await owner.db.from('analysis_reviews').insert({
      organization_id: org.id,
      analysis_id: org.analysisId,
      action: 'submitted',
      review_status: 'completed',
    });
    expect(forged.error?.code).toBe('42501');
    const edited = await owner.db
      .from('analysis_reviews')
      .update({ notes: 'x' })
      .eq('analysis_id', org.analysisId);
    expect(edited.error?.code).toBe('42501');
    const removed = await owner.db
      .from('analysis_reviews')
      .delete()
      .eq('analysis_id', org.analysisId);
    expect(removed.error?.code).toBe('42501');
    const stranger = await other.members.owner.db
      .from('analysis_reviews')
      .select('id')
      .eq('analysis_id', org.analysisId);
    expect(stranger.data).toEqual([]);
  });

  it('analysts edit metadata but not reviews; viewers edit nothing', async () => {
    const { analyst, viewer } = org.members;
    const meta = await analyst.db
      .from('call_analyses')
      .update({ metadata: { ticket: 7 } })
      .eq('id', org.analysisId)
      .select('metadata');
    expect(meta.data).toEqual([{ metadata: { ticket: 7 } }]);
    const review = await analyst.db
      .from('call_analyses')
      .update({ review_notes: 'not mine to say' })
      .eq('id', org.analysisId)
      .select('id');
    expect(review.error?.code).toBe('42501');
    const byViewer = await viewer.db
      .from('call_analyses')
      .update({ metadata: {} })
      .eq('id', org.analysisId)
      .select('id');
    expect(byViewer.data).toEqual([]);
  });
});

describe('analysis_metrics', () => {
  it('counts the caller’s organisation only, whatever organisation is named', async () => {
    const range = {
      since: new Date(Date.now() - 86_400_000).toISOString(),
      until: new Date(Date.now() + 60_000).toISOString(),
      period: 'day',
    };
    const own = await org.members.viewer.db.rpc('analysis_metrics', {
      target_organization: org.id,
      ...range,
    });
    expect(own.data.totals.total).toBeGreaterThan(0);
    const peeking = await other.members.owner.db.rpc('analysis_metrics', {
      target_organization: org.id,
      ...range,
    });
    expect(peeking.data.totals).toMatchObject({ total: 0, by_verdict: {}, by_source: {} });
    expect(peeking.data.periods).toEqual([]);
  });
});

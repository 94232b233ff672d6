import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '../../../worker/db/analysis-metrics';
import { as, eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { capturingEvents, capturingQueue } from '../workerd/jobs';

/**
 * The review workflow: claim, assign, submit, the records every change leaves, who may do
 * what (a viewer and an API key cannot review), PATCH, DELETE, metrics and the export.
 */

const hooks = capturingEvents();
const app = testApp(
  { AUTH_MODE: 'on' },
  { bindings: { JOB_QUEUE: capturingQueue().queue, WEBHOOK_QUEUE: hooks.queue } },
);
let org: TestOrg;

/** A finished, flagged analysis (as a job leaves one), with audio in the bucket. */
async function flagged(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = crypto.randomUUID();
  const fileId = (overrides.file_id as string | undefined) ?? crypto.randomUUID();
  // Where the Worker keeps an upload: the keys are derived from the row's file, not read from it.
  const audio = `${org.id}/${fileId}/call.wav`;
  await env.AUDIO_BUCKET.put(audio, 'RIFF');
  await env.AUDIO_BUCKET.put(`${org.id}/${id}/trimmed.wav`, 'RIFF');
  const inserted = await serviceDb()
    .from('call_analyses')
    .insert({
      id,
      organization_id: org.id,
      source: 'upload',
      status: 'completed',
      transcript: 'Officer Brooks here, pay the fine in gift cards',
      verdict: 'SUSPICIOUS',
      combined_score: 0.45,
      review_required: true,
      review_status: 'pending',
      file_id: fileId,
      file_name: 'call.wav',
      audio_key: audio,
      trimmed_audio_key: `${org.id}/${id}/trimmed.wav`,
      completed_at: new Date(Date.now() - 60_000).toISOString(),
      ...overrides,
    })
    .select('id')
    .single();
  if (inserted.error) throw new Error(inserted.error.message);
  return id;
}

beforeAll(async () => {
  org = await makeOrg(app, 'Reviews');
});

const post = (path: string, credential: string, body: unknown = {}) =>
  app.json<Record<string, unknown>>(path, as(credential, { body }));

describe('claiming and assigning', () => {
  it('a reviewer claims a queued analysis; a second reviewer cannot take it', async () => {
    const id = await flagged();
    const claimed = await post(`/api/v1/analyses/${id}/claim`, org.members.reviewer.jwt);
    expect(claimed).toMatchObject({
      status: 200,
      body: { review_status: 'in_review', assigned_to: org.members.reviewer.id },
    });
    const again = await post(`/api/v1/analyses/${id}/claim`, org.members.reviewer.jwt);
    expect(again.status).toBe(200);
    const rival = await post(`/api/v1/analyses/${id}/claim`, org.members.admin.jwt);
    expect(rival).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
  });

  it('two reviewers claiming at once: exactly one gets it', async () => {
    const id = await flagged();
    const results = await Promise.all(
      [org.members.reviewer, org.members.admin, org.members.owner].map((m) =>
        post(`/api/v1/analyses/${id}/claim`, m.jwt),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('an admin assigns to a reviewer (not to a viewer), or hands it back', async () => {
    const id = await flagged();
    const toViewer = await post(`/api/v1/analyses/${id}/assign`, org.members.admin.jwt, {
      user_id: org.members.viewer.id,
    });
    expect(toViewer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const toReviewer = await post(`/api/v1/analyses/${id}/assign`, org.members.admin.jwt, {
      user_id: org.members.reviewer.id,
    });
    expect(toReviewer.body).toMatchObject({
      assigned_to: org.members.reviewer.id,
      review_status: 'in_review',
    });
    const back = await post(`/api/v1/analyses/${id}/assign`, org.members.admin.jwt, {
      user_id: null,
    });
    expect(back.body).toMatchObject({ assigned_to: null, review_status: 'pending' });
    const byReviewer = await post(`/api/v1/analyses/${id}/assign`, org.members.reviewer.jwt, {
      user_id: org.members.reviewer.id,
    });
    expect(byReviewer.status).toBe(403);
  });

  it('an analysis that is not flagged is not in the queue (409)', async () => {
    const id = await flagged({ review_required: false, review_status: 'none' });
    const res = await post(`/api/v1/analyses/${id}/claim`, org.members.reviewer.jwt);
    expect(res).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/not waiting/) } },
    });
  });
});

describe('submitting a review', () => {
  it('records the outcome, who and when; every change is kept as a record', async () => {
    const id = await flagged();
    await post(`/api/v1/analyses/${id}/claim`, org.members.reviewer.jwt);
    const submitted = await post(`/api/v1/analyses/${id}/reviews`, org.members.reviewer.jwt, {
      outcome: 'confirmed_scam',
      notes: 'Asked for gift cards; caller ID spoofed.',
    });
    expect(submitted).toMatchObject({
      status: 201,
      body: {
        review_outcome: 'confirmed_scam',
        review_status: 'completed',
        reviewed_by: org.members.reviewer.id,
        review_notes: 'Asked for gift cards; caller ID spoofed.',
      },
    });
    expect(submitted.body.reviewed_at).toEqual(expect.any(String));
    // A second opinion changes the outcome: another record, the latest reviewer stamped.
    const changed = await post(`/api/v1/analyses/${id}/reviews`, org.members.admin.jwt, {
      outcome: 'inconclusive',
    });
    expect(changed.body).toMatchObject({
      review_outcome: 'inconclusive',
      reviewed_by: org.members.admin.id,
    });
    const history = await app.json<{ reviews: Record<string, unknown>[] }>(
      `/api/v1/analyses/${id}/reviews`,
      as(org.members.viewer.jwt),
    );
    expect(history.body.reviews.map((r) => [r.action, r.actor_id, r.outcome])).toEqual([
      ['flagged', null, null],
      ['claimed', org.members.reviewer.id, null],
      ['submitted', org.members.reviewer.id, 'confirmed_scam'],
      ['submitted', org.members.admin.id, 'inconclusive'],
    ]);

    // Each outcome is a review.submitted webhook naming its review record (sent after the
    // answer, so it is waited for); claiming raises none.
    const mine = () => hooks.events().filter((e) => e.data.analysis_id === id);
    const raised = (await eventually(async () => (mine().length >= 2 ? mine() : undefined)))?.sort(
      (a, b) => String(a.data.submitted_at).localeCompare(String(b.data.submitted_at)),
    );
    const submittedIds = history.body.reviews
      .filter((r) => r.action === 'submitted')
      .map((r) => r.id);
    expect(
      raised?.map((e) => [e.type, e.data.outcome, e.data.reviewer_id, e.data.review_id]),
    ).toEqual([
      ['review.submitted', 'confirmed_scam', org.members.reviewer.id, submittedIds[0]],
      ['review.submitted', 'inconclusive', org.members.admin.id, submittedIds[1]],
    ]);
    expect(raised?.[0]).toMatchObject({
      organization_id: org.id,
      data: {
        notes: 'Asked for gift cards; caller ID spoofed.',
        verdict: 'SUSPICIOUS',
        combined_score: 0.45,
        submitted_at: submitted.body.reviewed_at,
      },
    });
  });

  it('a viewer, an analyst and an API key cannot review', async () => {
    const id = await flagged();
    for (const credential of [org.members.viewer.jwt, org.members.analyst.jwt, org.key]) {
      for (const [path, body] of [
        [`/api/v1/analyses/${id}/claim`, {}],
        [`/api/v1/analyses/${id}/reviews`, { outcome: 'false_positive' }],
      ] as const) {
        const res = await post(path, credential, body);
        expect(res, `${path} ${credential.slice(0, 8)}`).toMatchObject({
          status: 403,
          body: { error: { code: 'FORBIDDEN' } },
        });
      }
      const patch = await app.json(
        `/api/v1/analyses/${id}`,
        as(credential, { method: 'PATCH', body: { review_outcome: 'false_positive' } }),
      );
      expect(patch.status).toBe(403);
    }
    const row = await serviceDb()
      .from('call_analyses')
      .select('review_outcome, review_status')
      .eq('id', id)
      .single();
    expect(row.data).toEqual({ review_outcome: null, review_status: 'pending' });
  });

  it('an unfinished analysis cannot be reviewed (409)', async () => {
    const id = await flagged({
      status: 'processing',
      review_required: false,
      review_status: 'none',
    });
    const res = await post(`/api/v1/analyses/${id}/reviews`, org.members.reviewer.jwt, {
      outcome: 'confirmed_scam',
    });
    expect(res).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/not finished/) } },
    });
  });
});

describe('PATCH /api/v1/analyses/{id}', () => {
  it('analysts (and API keys) replace metadata; reviewers change review fields', async () => {
    const id = await flagged();
    const meta = await app.json(
      `/api/v1/analyses/${id}`,
      as(org.key, { method: 'PATCH', body: { metadata: { ticket: 'FR-1' } } }),
    );
    expect(meta).toMatchObject({ status: 200, body: { metadata: { ticket: 'FR-1' } } });
    const review = await app.json(
      `/api/v1/analyses/${id}`,
      as(org.members.reviewer.jwt, {
        method: 'PATCH',
        body: { review_notes: 'checking the number', review_outcome: 'false_positive' },
      }),
    );
    expect(review).toMatchObject({
      status: 200,
      body: {
        review_outcome: 'false_positive',
        review_status: 'completed',
        review_notes: 'checking the number',
      },
    });
    const viewer = await app.json(
      `/api/v1/analyses/${id}`,
      as(org.members.viewer.jwt, { method: 'PATCH', body: { metadata: {} } }),
    );
    expect(viewer.status).toBe(403);
    const empty = await app.json(
      `/api/v1/analyses/${id}`,
      as(org.key, { method: 'PATCH', body: {} }),
    );
    expect(empty.status).toBe(400);
  });
});

describe('DELETE /api/v1/analyses/{id}', () => {
  it('an admin removes the row and its audio; others cannot', async () => {
    const id = await flagged();
    const row = await serviceDb()
      .from('call_analyses')
      .select('audio_key, trimmed_audio_key')
      .eq('id', id)
      .single();
    for (const credential of [org.key, org.members.reviewer.jwt]) {
      const res = await app.fetch(`/api/v1/analyses/${id}`, as(credential, { method: 'DELETE' }));
      expect(res.status).toBe(403);
    }
    const res = await app.fetch(
      `/api/v1/analyses/${id}`,
      as(org.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(res.status).toBe(204);
    expect((await serviceDb().from('call_analyses').select('id').eq('id', id)).data).toEqual([]);
    expect(await env.AUDIO_BUCKET.head(row.data!.audio_key)).toBeNull();
    expect(await env.AUDIO_BUCKET.head(row.data!.trimmed_audio_key)).toBeNull();
    const again = await app.fetch(
      `/api/v1/analyses/${id}`,
      as(org.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(again.status).toBe(404);
  });

  it('keeps an original another analysis of the same file still uses', async () => {
    const first = await flagged();
    const { data } = await serviceDb()
      .from('call_analyses')
      .select('audio_key, file_id')
      .eq('id', first)
      .single();
    const second = await flagged({ file_id: data!.file_id });
    await app.fetch(`/api/v1/analyses/${first}`, as(org.members.owner.jwt, { method: 'DELETE' }));
    expect(await env.AUDIO_BUCKET.head(data!.audio_key)).not.toBeNull();
    await app.fetch(`/api/v1/analyses/${second}`, as(org.members.owner.jwt, { method: 'DELETE' }));
    expect(await env.AUDIO_BUCKET.head(data!.audio_key)).toBeNull();
  });
});

describe('metrics and export', () => {
  it('count by verdict and source, review outcomes, flags confirmed, time to review', async () => {
    const metricsOrg = await makeOrg(app, 'Metrics');
    const insert = async (rows: Record<string, unknown>[]) => {
      const r = await serviceDb()
        .from('call_analyses')
        .insert(
          rows.map((row) => ({ organization_id: metricsOrg.id, status: 'completed', ...row })),
          {
            defaultToNull: false,
          },
        )
        .select('id');
      if (r.error) throw new Error(r.error.message);
      return (r.data as { id: string }[]).map((x) => x.id);
    };
    const ready = new Date(Date.now() - 3_600_000).toISOString();
    const [a, b, c] = await insert([
      {
        source: 'upload',
        verdict: 'SCAM',
        combined_score: 0.9,
        transcript: 'gift cards now',
        review_required: true,
        review_status: 'pending',
        completed_at: ready,
      },
      {
        source: 'upload',
        verdict: 'SUSPICIOUS',
        combined_score: 0.4,
        transcript: 'a refund for your order',
        review_required: true,
        review_status: 'pending',
        completed_at: ready,
      },
      {
        source: 'stream',
        verdict: 'SUSPICIOUS',
        combined_score: 0.5,
        transcript: 'your car warranty',
        review_required: true,
        review_status: 'pending',
        completed_at: ready,
      },
    ]);
    await insert([
      { source: 'text', verdict: 'SAFE', combined_score: 0.01, transcript: 'dinner at eight' },
    ]);
    const reviewer = metricsOrg.members.reviewer.jwt;
    await post(`/api/v1/analyses/${a}/reviews`, reviewer, { outcome: 'confirmed_scam' });
    await post(`/api/v1/analyses/${b}/reviews`, reviewer, { outcome: 'false_positive' });
    await post(`/api/v1/analyses/${c}/reviews`, reviewer, { outcome: 'confirmed_scam' });

    const res = await app.json<Metrics>(
      '/api/v1/analyses/metrics?period=day',
      as(metricsOrg.members.viewer.jwt),
    );
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({
      total: 4,
      by_verdict: { SCAM: 1, SUSPICIOUS: 2, SAFE: 1 },
      by_source: { upload: 2, stream: 1, text: 1 },
      review: {
        flagged: 3,
        awaiting: 0,
        reviewed: 3,
        outcomes: { confirmed_scam: 2, false_positive: 1, inconclusive: 0 },
        flags_confirmed_share: 0.6667,
      },
    });
    const median = res.body.totals.review.time_to_review_s.median;
    expect(median).toBeGreaterThan(3_500);
    expect(median).toBeLessThan(4_000);
    expect(res.body.periods).toHaveLength(1);
    expect(res.body.periods[0]).toMatchObject({
      total: 4,
      start: expect.stringMatching(/T00:00:00Z$/),
    });
    // With an API key: the same figures, for the key's organisation only.
    const keyed = await app.json<Metrics>('/api/v1/analyses/metrics', as(metricsOrg.key));
    expect(keyed.body.totals.total).toBe(4);
    const elsewhere = await app.json<Metrics>('/api/v1/analyses/metrics', as(org.key));
    expect(elsewhere.body.totals.by_source.stream ?? 0).toBe(0);

    const exported = await app.fetch('/api/v1/analyses/export', as(metricsOrg.members.viewer.jwt));
    expect(exported.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: a, source: 'reviewed_upload', label: 'scam', transcript: 'gift cards now' },
      { id: b, source: 'reviewed_upload', label: 'safe', transcript: 'a refund for your order' },
      { id: c, source: 'reviewed_stream', label: 'scam', transcript: 'your car warranty' },
    ]);
  });

  it('refuses a reversed or too long range', async () => {
    for (const query of [
      'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const res = await app.json(`/api/v1/analyses/metrics?${query}`, as(org.members.viewer.jwt));
      expect(res.status).toBe(400);
    }
  });
});

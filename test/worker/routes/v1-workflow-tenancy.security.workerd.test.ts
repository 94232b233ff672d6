import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64 } from '../../durable-objects/ws-client';
import { as, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { capturingQueue, upload } from '../workerd/jobs';

/**
 * The workflow routes across organisations: organisation B's analyses and files are 404 to
 * every caller of organisation A on every route that names one, and nothing of B changes.
 */

const { queue, sent } = capturingQueue();
const app = testApp({ AUTH_MODE: 'on' }, { bindings: { JOB_QUEUE: queue } });
const speech = fromBase64(inject('speechChunks')[0]!);
let a: TestOrg;
let b: TestOrg;
let analysisId: string;
/** A call B reviewed: what B's export holds, and A's must not. */
const reviewedId = crypto.randomUUID();
let file: { file_id: string; file_name: string };

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'Workflow A'), makeOrg(app, 'Workflow B')]);
  file = (await upload(app, b.key, speech, 'b-call.wav')).body;
  analysisId = crypto.randomUUID();
  const inserted = await serviceDb()
    .from('call_analyses')
    .insert({
      id: analysisId,
      organization_id: b.id,
      source: 'upload',
      status: 'completed',
      transcript: 'B only: pay with gift cards',
      verdict: 'SUSPICIOUS',
      combined_score: 0.5,
      review_required: true,
      review_status: 'pending',
      file_id: file.file_id,
      file_name: file.file_name,
      audio_key: `${b.id}/${file.file_id}/${file.file_name}`,
    });
  if (inserted.error) throw new Error(inserted.error.message);
  const reviewed = await serviceDb().from('call_analyses').insert({
    id: reviewedId,
    organization_id: b.id,
    source: 'upload',
    status: 'completed',
    transcript: 'B only: read me the code we texted you',
    verdict: 'SCAM',
    combined_score: 0.9,
    review_status: 'completed',
    review_outcome: 'confirmed_scam',
    reviewed_at: new Date().toISOString(),
  });
  if (reviewed.error) throw new Error(reviewed.error.message);
});

async function exportedIds(credential: string): Promise<string[]> {
  const res = await app.fetch('/api/v1/analyses/export', as(credential));
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

async function bRow() {
  const row = await serviceDb().from('call_analyses').select('*').eq('id', analysisId).single();
  return row.data;
}

describe("organisation B's analyses and files, asked for by organisation A", () => {
  it('are 404 on every route, for every kind of caller in A, and B is unchanged', async () => {
    const before = await bRow();
    const sentBefore = sent.length;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/analyses/${analysisId}`],
      ['GET', `/api/v1/analyses/analysis_${analysisId}`],
      ['GET', `/api/v1/analyses/${analysisId}/audio`],
      ['GET', `/api/v1/analyses/${analysisId}/reviews`],
      ['PATCH', `/api/v1/analyses/${analysisId}`, { metadata: { taken: true } }],
      ['PATCH', `/api/v1/analyses/${analysisId}`, { review_outcome: 'false_positive' }],
      ['POST', `/api/v1/analyses/${analysisId}/claim`, {}],
      ['POST', `/api/v1/analyses/${analysisId}/assign`, { user_id: null }],
      ['POST', `/api/v1/analyses/${analysisId}/reviews`, { outcome: 'false_positive' }],
      ['DELETE', `/api/v1/analyses/${analysisId}`],
      ['POST', '/api/v1/analyses', { file_id: file.file_id, file_name: file.file_name }],
      ['POST', `/api/v1/audio/${file.file_id}/complete`, { file_name: file.file_name }],
      ['GET', `/api/v1/audio/${file.file_id}/download-url?file_name=${file.file_name}`],
    ];
    for (const credential of [
      a.members.owner.jwt,
      a.members.admin.jwt,
      a.members.reviewer.jwt,
      a.key,
    ]) {
      for (const [method, path, body] of routes) {
        const res = await app.json(path, as(credential, { method, body }));
        // 404 wherever the caller's role may use the route at all; a role below it is 403
        // before any lookup (it learns nothing about B either way).
        expect([403, 404], `${method} ${path}`).toContain(res.status);
        if (res.status === 403)
          expect((res.body as { error: { message: string } }).error.message).toMatch(
            /role|reviewer|signed-in/,
          );
      }
    }
    // The owner of A may use every route: every one of them is 404.
    for (const [method, path, body] of routes) {
      const res = await app.json(path, as(a.members.owner.jwt, { method, body }));
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await bRow()).toEqual(before);
    expect(sent.length).toBe(sentBefore);
    expect(await env.AUDIO_BUCKET.head(`${b.id}/${file.file_id}/${file.file_name}`)).not.toBeNull();
  });

  it("never list, count or export B's rows", async () => {
    const list = await app.json<{ items: { id: string }[] }>(
      '/api/v1/analyses?q=B%20only',
      as(a.members.owner.jwt),
    );
    expect(list.body.items).toEqual([]);
    const queue_ = await app.json<{ items: { id: string }[] }>('/api/v1/review-queue', as(a.key));
    expect(queue_.body.items.map((i) => i.id)).not.toContain(analysisId);
    const metrics = await app.json<{ totals: { total: number } }>(
      '/api/v1/analyses/metrics',
      as(a.members.owner.jwt),
    );
    expect(metrics.body.totals.total).toBe(0);
    // B's export holds its reviewed call; A's, for a user or a key, never does.
    expect(await exportedIds(b.key)).toContain(reviewedId);
    for (const credential of [a.members.owner.jwt, a.key])
      expect(await exportedIds(credential)).toEqual([]);
    // x-orgid naming B is refused for A's user outright.
    const named = await app.json(
      '/api/v1/analyses',
      as(a.members.owner.jwt, { headers: { 'x-orgid': b.id } }),
    );
    expect(named.status).toBe(403);
  });
});

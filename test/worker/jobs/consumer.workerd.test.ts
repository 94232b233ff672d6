import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import { AnalysisRecordSchema } from '../../../worker/db/call-analyses';
import { abandonAnalysisJobs } from '../../../worker/jobs/consumer';
import { JOB_LEASE_S, JOB_MAX_ATTEMPTS } from '../../../worker/jobs/failure';
import { sweepJobs } from '../../../worker/jobs/sweep';
import { CRONS, handleScheduled, QUEUES } from '../../../worker/queues/index';
import { analysisJobFinished } from '../../../worker/services/analysis-events';
import { fromBase64 } from '../../durable-objects/ws-client';
import { as, eventually, makeOrg, serviceDb, type TestOrg } from '../workerd/harness';
import {
  batchOf,
  capturingQueue,
  createAnalysis,
  deliver,
  faultySidecar,
  jobApp,
  upload,
} from '../workerd/jobs';

/**
 * The analysis-jobs consumer against the sidecar (real ffmpeg; the fake engine, except in the
 * first test, which judges pocketsphinx's segments), s3rver storage and the real local
 * Supabase. The test delivers each message itself, so redeliveries, retries and their delays
 * are read back, not waited for; sidecar faults come from the fault proxy.
 */

const speech = fromBase64(inject('speechChunks')[0]!);
const proxy = inject('faultProxyUrl');

type Row = Record<string, unknown> & {
  id: string;
  status: string;
  stage: string;
  progress: number;
  attempts: number;
};

async function row(id: string): Promise<Row> {
  const found = await serviceDb().from('call_analyses').select('*').eq('id', id).single();
  if (found.error) throw new Error(found.error.message);
  return found.data as Row;
}

async function sidecarCalls(token: string): Promise<number> {
  return ((await (await fetch(`${proxy}/__count?key=${token}`)).json()) as { count: number }).count;
}

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(jobApp().app, 'Jobs');
});

/** An app whose sidecar is behind `mode`, with one file uploaded and its analysis created. */
async function queuedJob(
  mode: Parameters<typeof faultySidecar>[0],
  bytes = speech,
  name = 'call.wav',
  engine: Parameters<typeof faultySidecar>[1] = 'fake',
) {
  const sidecar = faultySidecar(mode, engine);
  const { app, sent, events } = jobApp({ SIDECAR_URL: sidecar.url });
  const file = await upload(app, org.key, bytes, name);
  expect(file.status).toBe(201);
  const created = await createAnalysis(app, org.key, file.body);
  expect(created.status).toBe(202);
  expect(sent).toEqual([{ analysis_id: created.body.id, organization_id: org.id }]);
  return { app, sent, events, sidecar, id: created.body.id, message: sent[0]! };
}

describe('an uploaded call', () => {
  it('goes queued → decoding → transcribing → scoring → completed, each stage recorded', async () => {
    const job = await queuedJob('hold', speech, 'call.wav', 'pocketsphinx');
    expect(await row(job.id)).toMatchObject({ status: 'pending', stage: 'queued', progress: 0 });
    const delivery = deliver(job.app, [job.message]);

    await fetch(`${proxy}/__held?key=${job.sidecar.token}`);
    expect(await row(job.id)).toMatchObject({
      status: 'processing',
      stage: 'decoding',
      progress: 10,
      attempts: 1,
    });
    await fetch(`${proxy}/__release?key=${job.sidecar.token}`, { method: 'POST' });

    await fetch(`${proxy}/__held?key=${job.sidecar.token}`);
    expect(await row(job.id)).toMatchObject({
      status: 'processing',
      stage: 'transcribing',
      progress: 40,
    });
    await fetch(`${proxy}/__release?key=${job.sidecar.token}`, { method: 'POST' });

    const result = await delivery;
    expect(result.acked).toHaveLength(1);
    expect(result.retried).toEqual([]);
    const done = await row(job.id);
    expect(done).toMatchObject({
      status: 'completed',
      stage: 'done',
      progress: 100,
      attempts: 1,
      error: null,
    });
    expect(String(done.transcript)).toMatch(/\w+ \w+/);
    expect(done.started_at).not.toBeNull();

    // Segments: seconds into the original, in order, each with text and a confidence.
    const segments = done.segments as {
      start: number;
      end: number;
      text: string;
      confidence: number | null;
    }[];
    expect(segments.length).toBeGreaterThan(0);
    for (const s of segments) {
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      expect(s.text.length).toBeGreaterThan(0);
      // pocketsphinx's word posteriors, averaged per segment.
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    expect(segments.map((s) => s.text).join(' ')).toBe(done.transcript);

    // Ours and AuthentiVoice's fields side by side.
    const result_ = done.result as Record<string, unknown> & { analysis: Record<string, unknown> };
    expect(result_).toMatchObject({
      transcription: done.transcript,
      fraud_score: done.combined_score,
      combined_score: done.combined_score,
      verdict: done.verdict,
      mode: 'audio',
    });
    expect(['low', 'medium', 'high', 'critical']).toContain(result_.analysis.risk_level);
    expect(Array.isArray(result_.analysis.fraud_indicators)).toBe(true);
    expect(Array.isArray(result_.analysis.recommendations)).toBe(true);

    // The trimmed audio is stored, and a short-lived URL plays it back.
    const audio = await job.app.json<{ original: { url: string }; trimmed: { url: string } }>(
      `/api/v1/analyses/${job.id}/audio`,
      as(org.members.viewer.jwt),
    );
    expect(audio.status).toBe(200);
    const trimmed = await fetch(audio.body.trimmed.url);
    expect(trimmed.status).toBe(200);
    expect(new TextDecoder().decode((await trimmed.arrayBuffer()).slice(0, 4))).toBe('RIFF');

    // The organisation's integrations hear of it: analysis.completed, with the outcome.
    const raised = job.events();
    expect(raised.filter((e) => e.type === 'analysis.completed')).toEqual([
      expect.objectContaining({
        organization_id: org.id,
        data: expect.objectContaining({
          analysis_id: job.id,
          source: 'upload',
          status: 'completed',
          verdict: done.verdict,
          combined_score: done.combined_score,
          file_name: done.file_name,
          error: null,
          completed_at: expect.any(String),
        }),
      }),
    ]);
    expect(raised.some((e) => e.type === 'analysis.review_required')).toBe(done.review_required);
  });

  it('is processed once: a redelivered message finds it done and does nothing', async () => {
    const job = await queuedJob('pass');
    await deliver(job.app, [job.message]);
    const first = await row(job.id);
    expect(first.status).toBe('completed');
    const calls = await sidecarCalls(job.sidecar.token);
    expect(calls).toBe(2);

    const raised = job.events();
    expect(raised.map((e) => e.type)).toContain('analysis.completed');

    const again = await deliver(job.app, [job.message, job.message], 2);
    expect(again.acked).toHaveLength(2);
    expect(await sidecarCalls(job.sidecar.token)).toBe(calls);
    expect(await row(job.id)).toEqual(first);
    // Nor is the webhook raised again.
    expect(job.events()).toEqual(raised);
  });

  it('a second delivery while the first holds the job waits out the lease', async () => {
    const job = await queuedJob('hold');
    const first = deliver(job.app, [job.message]);
    await fetch(`${proxy}/__held?key=${job.sidecar.token}`);
    const second = await deliver(job.app, [job.message], 2);
    expect(second.acked).toEqual([]);
    expect(second.retried).toHaveLength(1);
    expect(second.retried[0]?.delaySeconds).toBeGreaterThan(JOB_LEASE_S - 60);
    // Release both held calls of the first delivery as they come.
    await fetch(`${proxy}/__release?key=${job.sidecar.token}`, { method: 'POST' });
    await fetch(`${proxy}/__held?key=${job.sidecar.token}`);
    await fetch(`${proxy}/__release?key=${job.sidecar.token}`, { method: 'POST' });
    await first;
    expect(await row(job.id)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(await sidecarCalls(job.sidecar.token)).toBe(2);
  });
});

describe('failures', () => {
  it('a connection cut once is tried again at once: the job completes, one attempt', async () => {
    const job = await queuedJob('reset-once');
    const first = await deliver(job.app, [job.message]);
    expect(first.acked).toHaveLength(1);
    expect(await row(job.id)).toMatchObject({ status: 'completed', attempts: 1, error: null });
  });

  it('a sidecar cut off mid-job is retried with back-off, and the job completes', async () => {
    const job = await queuedJob('reset-twice');
    const first = await deliver(job.app, [job.message]);
    expect(first.retried).toEqual([{ id: expect.any(String), delaySeconds: 5 }]);
    const waiting = await row(job.id);
    expect(waiting).toMatchObject({ status: 'pending', stage: 'queued', attempts: 1 });
    expect(waiting.error).toMatch(/attempt 1 of 5 failed \(the media service was unreachable/);

    const second = await deliver(job.app, [job.message], 2);
    expect(second.acked).toHaveLength(1);
    expect(await row(job.id)).toMatchObject({ status: 'completed', attempts: 2, error: null });
  });

  it('a job that keeps failing ends in error after its attempts, never a loop', async () => {
    const job = await queuedJob('reset-always');
    const delays: number[] = [];
    for (let attempt = 1; attempt <= JOB_MAX_ATTEMPTS; attempt++) {
      const result = await deliver(job.app, [job.message], attempt);
      if (attempt < JOB_MAX_ATTEMPTS) delays.push(result.retried[0]?.delaySeconds ?? -1);
      else expect(result.acked).toHaveLength(1);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    const failed = await row(job.id);
    expect(failed).toMatchObject({
      status: 'error',
      error_code: 'MEDIA_SERVICE_UNAVAILABLE',
      attempts: JOB_MAX_ATTEMPTS,
    });
    expect(failed.error).toMatch(/^gave up after 5 attempts: the media service was unreachable/);
    // One analysis.completed, for the failure and its reason; none for the retries.
    const raised = job.events();
    expect(raised).toEqual([
      expect.objectContaining({
        type: 'analysis.completed',
        data: expect.objectContaining({
          analysis_id: job.id,
          status: 'error',
          verdict: null,
          error: failed.error,
        }),
      }),
    ]);
    // A late duplicate changes nothing.
    const late = await deliver(job.app, [job.message], 6);
    expect(late.acked).toHaveLength(1);
    expect(await row(job.id)).toEqual(failed);
    expect(job.events()).toEqual(raised);
  });

  it('a file that is not audio ends in error with a reason a person can act on', async () => {
    const text = new TextEncoder().encode('Meeting notes: call the bank on Monday.\n'.repeat(50));
    const job = await queuedJob('pass', text, 'notes.wav');
    const result = await deliver(job.app, [job.message]);
    expect(result.acked).toHaveLength(1);
    const failed = await row(job.id);
    expect(failed).toMatchObject({
      status: 'error',
      error_code: 'NOT_AUDIO',
      stage: 'decoding',
      attempts: 1,
    });
    expect(failed.error).toMatch(/could not be decoded as audio.*upload a WAV, MP3/);
  });

  it('a WAV cut short ends in error NOT_AUDIO, as /api/analyze/audio refuses it', async () => {
    // The header declares the whole recording; half of it arrived.
    const cut = speech.slice(0, Math.floor(speech.byteLength / 2));
    const job = await queuedJob('pass', cut, 'cut.wav');
    const result = await deliver(job.app, [job.message]);
    expect(result.acked).toHaveLength(1);
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: 'error', error_code: 'NOT_AUDIO', verdict: null });
    expect(failed.error).toMatch(/truncated/);
    expect(await sidecarCalls(job.sidecar.token)).toBe(0);

    const form = new FormData();
    form.set('file', new File([cut], 'cut.wav', { type: 'audio/wav' }));
    const direct = await job.app.json<{ code: string; message: string }>('/api/analyze/audio', {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${org.key}` },
    });
    expect(direct.status).toBe(400);
    expect(direct.body.code).toBe('UNPROCESSABLE_AUDIO');
    expect(failed.error).toContain(direct.body.message);
  });

  it('a file swapped after its analysis was created ends it in error, never analysed', async () => {
    const job = await queuedJob('pass');
    const file = (await row(job.id)) as Row & { file_id: string; file_name: string };
    // Only the server writes a completed upload; this stands for any way it could still change.
    const other = encodeWav16(new Int16Array(3 * 16_000), 16_000);
    await job.app.services.storage.objects.put(
      `${org.id}/${file.file_id}/${file.file_name}`,
      other,
      { contentType: 'audio/wav', size: other.byteLength },
    );
    await deliver(job.app, [job.message]);
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: 'error', error_code: 'FILE_CHANGED', transcript: null });
    expect(failed.error).toMatch(/changed after the analysis was created/);
    expect(await sidecarCalls(job.sidecar.token)).toBe(0);
  });

  it('a recording of silence completes with no transcript, SAFE', async () => {
    const silence = encodeWav16(new Int16Array(2 * 16_000), 16_000);
    const job = await queuedJob('pass', silence, 'quiet.wav');
    await deliver(job.app, [job.message]);
    expect(await row(job.id)).toMatchObject({
      status: 'completed',
      transcript: '',
      verdict: 'SAFE',
      segments: [],
    });
    expect(await sidecarCalls(job.sidecar.token)).toBe(1);
  });
});

describe('webhook events', () => {
  it('a flagged job also raises analysis.review_required; each event has one id', async () => {
    const job = await queuedJob('pass');
    await deliver(job.app, [job.message]);
    const done = AnalysisRecordSchema.parse(await row(job.id));
    expect(done.status).toBe('completed');
    // Whether this recording is flagged is the scorer's call; the flagged case is made here.
    const flagged = {
      ...done,
      review_required: true,
      review_reason: 'The score is in the ambiguous band around the suspicious threshold.',
    };
    const before = job.events().length;
    await analysisJobFinished(job.app.services, flagged);
    await analysisJobFinished(job.app.services, flagged);
    const raised = job.events().slice(before);
    expect(raised.map((e) => e.type)).toEqual([
      'analysis.completed',
      'analysis.review_required',
      'analysis.completed',
      'analysis.review_required',
    ]);
    expect(raised[1]).toMatchObject({
      organization_id: org.id,
      data: {
        analysis_id: job.id,
        source: 'upload',
        verdict: done.verdict,
        combined_score: done.combined_score,
        review_reason: flagged.review_reason,
        assigned_to: null,
        flagged_at: done.completed_at,
      },
    });
    // The same event twice carries the same id, so receivers and the fan-out see one event.
    expect(raised[2]!.id).toBe(raised[0]!.id);
    expect(raised[3]!.id).toBe(raised[1]!.id);
    expect(raised[0]!.id).not.toBe(raised[1]!.id);
  });
});

/** A worker claimed job `id` and died: processing, with a lease that has run out. */
async function claimedByADeadWorker(id: string): Promise<void> {
  const claimed = await serviceDb().rpc('claim_analysis_job', {
    job_id: id,
    lease_seconds: 600,
    max_attempts: JOB_MAX_ATTEMPTS,
  });
  expect(claimed.error).toBeNull();
  await serviceDb()
    .from('call_analyses')
    .update({ lease_expires_at: new Date(Date.now() - 1000).toISOString() })
    .eq('id', id);
}

describe('nothing stays processing', () => {
  it('a job whose worker died is handed back by the sweep and completes', async () => {
    const job = await queuedJob('pass');
    await claimedByADeadWorker(job.id);
    job.sent.length = 0;
    expect(await sweepJobs(job.app.services)).toBeGreaterThanOrEqual(1);
    expect(job.sent).toContainEqual(job.message);
    const handedBack = await row(job.id);
    expect(handedBack).toMatchObject({ status: 'pending', attempts: 1 });
    expect(handedBack.error).toMatch(/previous attempt stopped/);
    await deliver(job.app, [job.message], 2);
    expect(await row(job.id)).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('a processing job with no lease at all is handed back too, and completes', async () => {
    // No worker can own it (a claim always sets a lease), so nothing would ever finish it.
    const job = await queuedJob('pass');
    await serviceDb()
      .from('call_analyses')
      .update({ status: 'processing', lease_expires_at: null })
      .eq('id', job.id);
    job.sent.length = 0;
    await sweepJobs(job.app.services);
    expect(job.sent).toContainEqual(job.message);
    expect(await row(job.id)).toMatchObject({ status: 'pending', lease_expires_at: null });
    await deliver(job.app, [job.message], 2);
    expect(await row(job.id)).toMatchObject({ status: 'completed' });
  });

  it('the every-minute cron runs this sweep; the 5-minute one is the webhooks’', async () => {
    const job = await queuedJob('pass');
    await claimedByADeadWorker(job.id);
    const { queue, sent } = capturingQueue();
    const cronEnv = { ...env, ...inject('s3Vars'), AUTH_MODE: 'on', JOB_QUEUE: queue } as Env;
    const scheduled = async (cron: string) => {
      const work: Promise<unknown>[] = [];
      const ctx = {
        waitUntil: (p: Promise<unknown>) => work.push(p),
      } as unknown as ExecutionContext;
      await handleScheduled({ cron } as ScheduledController, cronEnv, ctx);
      await Promise.all(work);
    };
    await scheduled(CRONS.webhooks);
    expect(sent).toEqual([]);
    expect(await row(job.id)).toMatchObject({ status: 'processing' });
    await scheduled(CRONS.jobs);
    expect(sent).toContainEqual(job.message);
    expect(await row(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a job that died on its last attempt ends in error', async () => {
    const job = await queuedJob('pass');
    await serviceDb()
      .from('call_analyses')
      .update({
        status: 'processing',
        attempts: JOB_MAX_ATTEMPTS,
        lease_expires_at: new Date(Date.now() - 1000).toISOString(),
      })
      .eq('id', job.id);
    await sweepJobs(job.app.services);
    expect(await row(job.id)).toMatchObject({ status: 'error', error_code: 'ATTEMPTS_EXHAUSTED' });
  });

  it('a message that failed every delivery ends its job in error', async () => {
    const job = await queuedJob('pass');
    const dead = batchOf(QUEUES.jobsDeadLetter, [job.message]);
    await abandonAnalysisJobs(dead.batch, job.app.services);
    expect(dead.outcome.acked).toHaveLength(1);
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: 'error', error_code: 'RETRIES_EXHAUSTED' });
    // A finished job is left alone.
    const done = await queuedJob('pass');
    await deliver(done.app, [done.message]);
    await abandonAnalysisJobs(
      batchOf(QUEUES.jobsDeadLetter, [done.message]).batch,
      done.app.services,
    );
    expect(await eventually(async () => (await row(done.id)).status)).toBe('completed');
    // A job left processing with no lease has nobody working on it: it ends too.
    const unleased = await queuedJob('pass');
    await serviceDb()
      .from('call_analyses')
      .update({ status: 'processing', lease_expires_at: null })
      .eq('id', unleased.id);
    await abandonAnalysisJobs(
      batchOf(QUEUES.jobsDeadLetter, [unleased.message]).batch,
      unleased.app.services,
    );
    expect(await row(unleased.id)).toMatchObject({
      status: 'error',
      error_code: 'RETRIES_EXHAUSTED',
    });
  });
});

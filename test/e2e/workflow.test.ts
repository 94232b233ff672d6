/**
 * The AuthentiVoice workflow on the real local stack (wrangler dev with its local queue and
 * R2, the sidecar with ffmpeg and pocketsphinx, the local Supabase): real robocalls uploaded
 * and analysed in the background, a file that isn't audio, the sidecar killed mid-job, a
 * large file through a presigned upload, and the reviewed calls exported for `npm run eval`.
 * Every wait polls the row, with a bound.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRows } from '../../scripts/lib/dataset';
import { ffmpeg, type Scratch, scratch, speak } from '../fixtures/media';
import { control } from './control';
import { api, finished, type Job, until, uploadAndAnalyse } from './workflow-client';

const SHARED_AUDIO = new URL('../../../shared/audio/', import.meta.url).pathname;
const hasShared = existsSync(SHARED_AUDIO);
if (!hasShared)
  console.warn(
    `e2e: ${SHARED_AUDIO} is missing; the robocall upload tests, and the export test that reviews their calls, are skipped`,
  );

const dev = inject('devCredentials');
const key = dev.api_key;
const owner = dev.user_jwt;

let s: Scratch;
beforeAll(async () => {
  s = await scratch();
});
afterAll(async () => {
  // Whatever happened, the sidecar is left running for the tests after these.
  await control('/sidecar/start').catch(() => undefined);
  await s?.cleanup();
});

describe.skipIf(!hasShared)('the shared robocalls', () => {
  it('each is uploaded, analysed in the background and completed with a transcript', async () => {
    const names = (await readdir(SHARED_AUDIO)).filter((n) => n.endsWith('.wav')).sort();
    expect(names.length).toBeGreaterThan(0);
    const ids = await Promise.all(
      names.map(async (n) => uploadAndAnalyse(key, await readFile(`${SHARED_AUDIO}${n}`), n)),
    );
    const jobs = await Promise.all(
      ids.map((id) => until(key, id, finished, { timeoutMs: 600_000 })),
    );
    for (const [i, job] of jobs.entries()) {
      expect(job, names[i]).toMatchObject({
        status: 'completed',
        stage: 'done',
        progress: 100,
        error: null,
      });
      expect(job.transcript?.split(' ').length, names[i]).toBeGreaterThan(3);
      expect(job.segments?.length, names[i]).toBeGreaterThan(0);
      expect(job.trimmed_audio_key).toMatch(new RegExp(`^${dev.org_id}/${job.id}/trimmed\\.wav$`));
      expect(job.result).toMatchObject({
        transcription: job.transcript,
        fraud_score: job.combined_score,
      });
    }
    // The legal-threat robocall is the one pocketsphinx hears well enough to call a scam.
    const legal = jobs[names.indexOf('legal_threat_robocall.wav')];
    expect(['LIKELY_SCAM', 'SCAM']).toContain(legal?.verdict);
  }, 660_000);
});

describe('failures', () => {
  it('a file that is not audio ends in error with its reason', async () => {
    const text = new TextEncoder().encode('Quarterly report\n'.repeat(200));
    const id = await uploadAndAnalyse(key, text, 'report.wav');
    const job = await until(key, id, finished);
    expect(job).toMatchObject({ status: 'error', error_code: 'NOT_AUDIO', attempts: 1 });
    expect(job.error).toMatch(/could not be decoded as audio/);
  });

  it.skipIf(!hasShared)(
    'killing the sidecar mid-job: the job is retried and completes',
    async () => {
      // The first attempt runs on a sidecar whose (fake) engine takes ten minutes, so the kill
      // lands mid-transcription on any machine; the retry runs on the real engine.
      await control('/sidecar/kill');
      await control('/sidecar/start', {
        env: { ASR_ENGINES: 'fake', FAKE_ASR_TEXT: 'held', FAKE_ASR_DELAY_MS: '600000' },
      });
      let fakeRunning = true;
      try {
        const id = await uploadAndAnalyse(
          key,
          await readFile(`${SHARED_AUDIO}legal_threat_robocall.wav`),
          'legal_threat_robocall.wav',
        );
        const transcribing = await until(
          key,
          id,
          (j) => j.stage === 'transcribing' || finished(j),
          {
            everyMs: 100,
          },
        );
        expect(transcribing, 'the job finished before the sidecar was killed').toMatchObject({
          status: 'processing',
          stage: 'transcribing',
        });
        await control('/sidecar/kill');
        fakeRunning = false;
        const handedBack = await until(key, id, (j) => j.status !== 'processing');
        expect(handedBack).toMatchObject({ status: 'pending', attempts: 1 });
        expect(handedBack.error).toMatch(/attempt 1 of 5 failed/);
        await control('/sidecar/start');
        const done = await until(key, id, finished);
        expect(done).toMatchObject({ status: 'completed', error: null });
        expect(done.attempts).toBeGreaterThanOrEqual(2);
        // Heard by the real engine on the retry, not the held fake's word.
        expect(done.transcript?.length).toBeGreaterThan(20);
      } finally {
        // The tests after this one need the real engine back, whatever happened.
        if (fakeRunning) await control('/sidecar/kill');
        await control('/sidecar/start');
      }
    },
    300_000,
  );
});

describe('a file over the multipart limit', () => {
  it('goes to storage through a presigned PUT, is checked, and is analysed', async () => {
    // 26 MB: a short spoken call, then 13 minutes of silence (trimmed away before recognition).
    const speech = s.path('speech.wav');
    await speak('Your car warranty is about to expire. Press one to speak to an agent.', speech);
    const big = s.path('big.wav');
    await ffmpeg(['-i', speech, '-ar', '16000', '-ac', '1', '-af', 'apad=whole_dur=830', big]);
    const bytes = await readFile(big);
    expect(bytes.byteLength).toBeGreaterThan(25 * 1024 * 1024);
    const url = await api<{ file_id: string; file_name: string; upload_url: string }>(
      key,
      '/api/v1/audio/upload-url',
      { body: { file_name: 'big.wav', content_type: 'audio/wav', file_size: bytes.byteLength } },
    );
    expect(url.status).toBe(201);
    const put = await fetch(url.body.upload_url, {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': 'audio/wav' },
    });
    expect(put.status).toBe(200);
    const done = await api(key, `/api/v1/audio/${url.body.file_id}/complete`, {
      body: { file_name: url.body.file_name },
    });
    expect(done).toMatchObject({ status: 200, body: { file_size: bytes.byteLength } });
    const created = await api<Job>(key, '/api/v1/analyses', {
      body: { file_id: url.body.file_id, file_name: url.body.file_name },
    });
    const job = await until(key, created.body.id, finished);
    expect(job).toMatchObject({ status: 'completed' });
    expect(job.transcript).toMatch(/\w/);
    const audio = await api<{ original: { url: string } }>(
      owner,
      `/api/v1/analyses/${job.id}/audio`,
    );
    const original = await fetch(audio.body.original.url);
    expect(Number(original.headers.get('content-length'))).toBe(bytes.byteLength);
    await original.body?.cancel();
  }, 300_000);
});

describe('after the jobs', () => {
  it('nothing stays pending or processing', async () => {
    const open = await api<{ items: Job[] }>(owner, '/api/v1/analyses?status=pending,processing');
    expect(open.status).toBe(200);
    expect(open.body.items.map((j) => [j.id, j.status, j.stage])).toEqual([]);
  });

  // It reviews the calls the robocall uploads completed.
  it.skipIf(!hasShared)(
    'reviewed calls export in the eval format, and `npm run eval` reads them',
    async () => {
      const completed = await api<{ items: Job[] }>(
        owner,
        '/api/v1/analyses?status=completed&source=upload&limit=4',
      );
      expect(completed.body.items.length).toBeGreaterThanOrEqual(2);
      const outcomes = ['confirmed_scam', 'false_positive'];
      for (const [i, job] of completed.body.items.entries()) {
        const res = await api(owner, `/api/v1/analyses/${job.id}/reviews`, {
          body: { outcome: outcomes[i % 2], notes: 'e2e review' },
        });
        expect(res.status).toBe(201);
      }
      const exported = await fetch(`${inject('workerUrl')}/api/v1/analyses/export`, {
        headers: { Authorization: `Bearer ${owner}` },
      });
      const text = await exported.text();
      const rows = parseRows(text, 'export');
      // The export holds every reviewed call of the organisation, and other e2e files review
      // calls of the same dev organisation: check the ones reviewed here, each with its label.
      const labels = new Map(rows.map((r) => [r.id, r.label]));
      expect(
        completed.body.items.map((job, i) => labels.get(job.id) === (i % 2 ? 'safe' : 'scam')),
      ).toEqual(completed.body.items.map(() => true));
      const file = s.path('reviewed.jsonl');
      await writeFile(file, text);
      const { stdout } = await promisify(execFile)(
        'npx',
        ['tsx', 'scripts/eval.ts', file, '--json'],
        {
          cwd: new URL('../..', import.meta.url).pathname,
        },
      );
      const report = JSON.parse(stdout) as {
        overall: { n: number };
        by_source: Record<string, unknown>;
      };
      expect(report.overall.n).toBe(rows.length);
      expect(Object.keys(report.by_source)).toEqual(['reviewed_upload']);
    },
    120_000,
  );
});

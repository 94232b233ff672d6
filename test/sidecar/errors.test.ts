import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../sidecar/src/app';
import { ffmpeg, type Scratch, scratch, sineArgs } from '../fixtures/media';
import { seededRandom } from '../fixtures/synth';
import { errorJson, okJson, post, testSidecar } from './harness';

let s: Scratch;
let sidecar: Sidecar;
let wav: Uint8Array;

beforeAll(async () => {
  s = await scratch();
  sidecar = await testSidecar({ MAX_BODY_BYTES: String(200 * 1024) });
  await ffmpeg([...sineArgs(500, 2, 16000), s.path('tone.wav')]);
  wav = await s.read('tone.wav');
});
afterAll(() => s.cleanup());

describe('bad input never yields a 500', () => {
  it('empty body → 400 EMPTY_BODY', async () => {
    const res = await post(sidecar, null);
    expect(res.status).toBe(400);
    expect(await errorJson(res)).toMatchObject({ code: 'EMPTY_BODY', retryable: false });
  });

  it('a WAV cut off inside its header → 422 UNSUPPORTED_MEDIA without ffmpeg details', async () => {
    const res = await post(sidecar, wav.subarray(0, 30), '?transcribe=false');
    expect(res.status).toBe(422);
    const err = await errorJson(res);
    expect(err.code).toBe('UNSUPPORTED_MEDIA');
    expect(err.message).not.toMatch(/input\.bin|Invalid data|ffmpeg/i);
  });

  it('a WAV cut off mid-data still decodes what is there', async () => {
    const body = await okJson(
      await post(sidecar, wav.subarray(0, 44 + 16000 * 2), '?transcribe=false'),
    );
    // ffmpeg's WAV header is longer than 44 bytes (LIST chunk), so a few ms less remain.
    expect(Math.abs(body.features.duration_ms - 1000)).toBeLessThanOrEqual(10);
  });

  it('random bytes and a text file → 422', async () => {
    const rnd = seededRandom(42);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(rnd() * 256));
    for (const body of [noise, 'Dear customer, this is plainly not audio.\n'.repeat(20)]) {
      const res = await post(sidecar, body, '?transcribe=false');
      expect(res.status).toBe(422);
      expect((await errorJson(res)).code).toBe('UNSUPPORTED_MEDIA');
    }
  });

  it('oversized body → 413, by Content-Length and while streaming without one', async () => {
    const big = new Uint8Array(300 * 1024);
    const res = await post(sidecar, big, '?transcribe=false');
    expect(res.status).toBe(413);
    expect((await errorJson(res)).code).toBe('PAYLOAD_TOO_LARGE');
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded: 30 × 16 KiB = 480 KiB, more than the 200 KiB limit.
        if (sent++ >= 30) controller.close();
        else controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const req = new Request('http://127.0.0.1/v1/process?transcribe=false', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const streamed = await sidecar.app.fetch(req);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(30);
  });

  it.each([
    ['?format=flac', 'format'],
    ['?format=mulaw', 'sample_rate'],
    ['?format=alaw&sample_rate=abc', 'sample_rate'],
    ['?channels=0&format=s16le&sample_rate=8000', 'channels'],
    ['?transcribe=maybe', 'transcribe'],
    ['?upload_url=ftp://example.com/x', 'upload_url'],
    ['?min_silence_ms=-1', 'min_silence_ms'],
  ])('bad params %s → 400 INVALID_PARAMS naming %s', async (query, name) => {
    const res = await post(sidecar, wav, query);
    expect(res.status).toBe(400);
    const err = await errorJson(res);
    expect(err.code).toBe('INVALID_PARAMS');
    expect(err.message).toContain(name);
  });

  it('unknown route → 404 in the same envelope', async () => {
    const res = await sidecar.app.fetch(new Request('http://127.0.0.1/v2/nothing'));
    expect(res.status).toBe(404);
    expect((await errorJson(res)).code).toBe('NOT_FOUND');
  });
});

describe('shared secret', () => {
  const SECRET = 'test-secret-0123456789';

  it('requires X-Sidecar-Secret on /v1/process but not on /healthz', async () => {
    const guarded = await testSidecar({ SIDECAR_SECRET: SECRET });
    const missing = await post(guarded, wav, '?transcribe=false');
    expect(missing.status).toBe(401);
    expect(await errorJson(missing)).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    const wrong = await post(guarded, wav, '?transcribe=false', {
      'x-sidecar-secret': `${SECRET}x`,
    });
    expect(wrong.status).toBe(401);
    const right = await post(guarded, wav, '?transcribe=false', { 'x-sidecar-secret': SECRET });
    expect(right.status).toBe(200);
    const health = await guarded.app.fetch(new Request('http://127.0.0.1/healthz'));
    expect(health.status).toBe(200);
  });

  it('echoes a well-formed X-Request-Id in error envelopes', async () => {
    const res = await post(sidecar, null, '', { 'x-request-id': 'req-123' });
    expect((await errorJson(res)).request_id).toBe('req-123');
  });
});

describe('no transcription engine', () => {
  it('answers 503 ASR_UNAVAILABLE (not retryable) but still serves transcribe=false', async () => {
    const broken = await testSidecar({ POCKETSPHINX_MODEL_DIR: '/nonexistent/pocketsphinx' });
    const health = await broken.app.fetch(new Request('http://127.0.0.1/healthz'));
    const h = (await health.json()) as { engine: unknown; engines: Array<{ error?: string }> };
    expect(h.engine).toBeNull();
    expect(h.engines[0]!.error).toContain('/nonexistent/pocketsphinx');
    const res = await post(broken, wav);
    expect(res.status).toBe(503);
    expect(await errorJson(res)).toMatchObject({ code: 'ASR_UNAVAILABLE', retryable: false });
    expect((await post(broken, wav, '?transcribe=false')).status).toBe(200);
  });
});

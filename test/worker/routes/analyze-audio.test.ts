import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { FAULT_RATES } from '../../durable-objects/fault-proxy';
import { fromBase64, toneChunk } from '../../durable-objects/ws-client';
import { call } from './client';

const speech = fromBase64(inject('speechChunks')[1]!);

function upload(path: string, bytes: Uint8Array, name = 'call.wav', type = 'audio/wav') {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  return call(path, { method: 'POST', body: form });
}

async function storedKeys(): Promise<string[]> {
  const listed = await env.AUDIO_BUCKET.list({ prefix: 'public/' });
  return listed.objects.map((o) => o.key);
}

async function sinkPuts(sinkUrl: string): Promise<number> {
  return ((await (await fetch(`${sinkUrl}/__puts`)).json()) as { puts: number }).puts;
}

describe('where audio goes', () => {
  it('uploads to the configured base URL whatever the Host header says, and trimmed_stored is true only when the bucket has it', async () => {
    const hostSink = inject('hostSinkUrl');
    const publicSink = inject('publicSinkUrl');
    const before = { host: await sinkPuts(hostSink), public: await sinkPuts(publicSink) };
    const form = new FormData();
    form.append('file', new File([speech], 'call.wav', { type: 'audio/wav' }));
    // The Host header is what a Worker sees as the request URL's origin.
    const res = await exports.default.fetch(
      new Request(`${hostSink}/analyze/audio`, { method: 'POST', body: form }),
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(await sinkPuts(hostSink)).toBe(before.host);
    // The configured PUBLIC_BASE_URL got the upload, but it is a sink that keeps nothing.
    expect(await sinkPuts(publicSink)).toBe(before.public + 1);
    const trimmedKey = `public/${report.id}/trimmed.wav`;
    expect(await env.AUDIO_BUCKET.head(trimmedKey)).toBeNull();
    expect(report.audio).toMatchObject({ trimmed_stored: false, trimmed_key: null });
  });
});

describe.each(['/analyze/audio', '/api/analyze/audio'])('POST %s', (path) => {
  it('transcribes, scores and stores a spoken call', async () => {
    const res = await upload(path, speech);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(report.mode).toBe('audio');
    expect(report.asr_engine?.name).toBe('pocketsphinx');
    expect(report.transcript?.length).toBeGreaterThan(0);
    expect(report.text_analysis?.engine).toBe('local');
    expect(report.features?.duration_ms).toBeGreaterThan(4_000);
    expect(report.audio?.original_key).toMatch(new RegExp(`^public/${report.id}/original\\.wav$`));
    const stored = await env.AUDIO_BUCKET.get(report.audio?.original_key ?? '');
    expect(stored?.size).toBe(speech.byteLength);
  });

  it('rejects an empty file with 400', async () => {
    const res = await upload(path, new Uint8Array());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_AUDIO');
  });

  it('rejects a file that is not audio with 422 and keeps nothing', async () => {
    const before = await storedKeys();
    const res = await upload(
      path,
      new TextEncoder().encode('hello, this is a text file, not audio\n'.repeat(50)),
      'notes.txt',
      'text/plain',
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'UNPROCESSABLE_AUDIO',
    );
    expect(await storedKeys()).toEqual(before);
  });

  it('rejects a truncated WAV with 422', async () => {
    const res = await upload(path, speech.slice(0, 40));
    expect(res.status).toBe(422);
  });

  it('rejects a form without the file field with 400', async () => {
    const form = new FormData();
    form.append('audio', 'not a file');
    const res = await call(path, { method: 'POST', body: form });
    expect(res.status).toBe(400);
  });

  it('rejects JSON with 415', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });

  it('rejects an upload over 25 MB with 413', async () => {
    const res = await upload(path, new Uint8Array(25 * 1024 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('requires sample_rate for raw µ-law', async () => {
    const res = await upload(
      `${path}?format=mulaw`,
      new Uint8Array(8_000).fill(0xff),
      'call.ulaw',
      'audio/basic',
    );
    expect(res.status).toBe(400);
  });
});

describe('a sidecar that never answers', () => {
  it('is answered 504 UPSTREAM_TIMEOUT with Retry-After within the deadline for the audio', async () => {
    // One second of tone at the rate the fault proxy never answers: 15 s + 1 s (README).
    const res = await upload('/analyze/audio', toneChunk(FAULT_RATES.hang));
    expect(res.status).toBe(504);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_TIMEOUT');
  });
});

describe('malformed uploads', () => {
  it('answers a 100-byte truncated WAV with 422 UNPROCESSABLE_AUDIO, not a SAFE report', async () => {
    const res = await upload('/analyze/audio', speech.slice(0, 100));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'UNPROCESSABLE_AUDIO',
    );
  });

  it('answers a malformed multipart body with 400 INVALID_MULTIPART', async () => {
    const res = await call('/analyze/audio', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_MULTIPART',
    );
  });
});

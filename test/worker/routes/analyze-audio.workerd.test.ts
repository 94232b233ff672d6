import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { fromBase64 } from '../../durable-objects/ws-client';
import { call, codeOf } from './client';

const speech = fromBase64(inject('speechChunks')[1]!);
/** The same sentence, sent to real pocketsphinx (test/durable-objects/fault-proxy.ts). */
const realSpeech = fromBase64(inject('realSpeechChunks')[1]!);

function upload(path: string, bytes: Uint8Array, name = 'call.wav', type = 'audio/wav') {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  return call(path, { method: 'POST', body: form });
}

async function storedKeys(): Promise<string[]> {
  const listed = await env.AUDIO_BUCKET.list({ prefix: 'public/' });
  return listed.objects.map((o) => o.key);
}

/** The paths a put-sink received PUTs on (other test files' uploads included). */
async function sinkPaths(sinkUrl: string): Promise<string[]> {
  return ((await (await fetch(`${sinkUrl}/__puts`)).json()) as { paths: string[] }).paths;
}

describe('where audio goes', () => {
  it('uploads to the configured base URL whatever the Host header says, and trimmed_stored is true only when the bucket has it', async () => {
    const hostSink = inject('hostSinkUrl');
    const publicSink = inject('publicSinkUrl');
    const form = new FormData();
    form.append('file', new File([speech], 'call.wav', { type: 'audio/wav' }));
    // The Host header is what a Worker sees as the request URL's origin.
    const res = await exports.default.fetch(
      new Request(`${hostSink}/analyze/audio`, { method: 'POST', body: form }),
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    const ours = (paths: string[]) =>
      paths.filter((p) => decodeURIComponent(p).includes(`/${report.id}/`));
    expect(ours(await sinkPaths(hostSink))).toEqual([]);
    // The configured PUBLIC_BASE_URL got the upload, but it is a sink that keeps nothing.
    expect(ours(await sinkPaths(publicSink))).toHaveLength(1);
    const trimmedKey = `public/${report.id}/trimmed.wav`;
    expect(await env.AUDIO_BUCKET.head(trimmedKey)).toBeNull();
    expect(report.audio).toMatchObject({ trimmed_stored: false, trimmed_key: null });
  });
});

describe('POST /analyze/audio with real pocketsphinx', () => {
  it('transcribes a spoken call: the engine is named and it heard words', async () => {
    const res = await upload('/analyze/audio', realSpeech);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(report.asr_engine?.name).toBe('pocketsphinx');
    expect(report.transcript).toMatch(/\w+ \w+/);
  });
});

describe.each(['/analyze/audio', '/api/analyze/audio'])('POST %s', (path) => {
  it('transcribes, scores and stores a spoken call', async () => {
    const res = await upload(path, speech);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(report.mode).toBe('audio');
    // The fake engine hears the call's script (fault-proxy.ts); the test above judges pocketsphinx.
    expect(report.asr_engine?.name).toBe('fake');
    expect(report.transcript).toBe(inject('fakeTranscript'));
    expect(report.engines).toContain('local');
    // Only the local engine scored the transcript: no second opinion to show.
    expect(report.text_analysis).toBeNull();
    expect(report.features?.duration_ms).toBeGreaterThan(4_000);
    expect(report.audio?.original_key).toMatch(new RegExp(`^public/${report.id}/original\\.wav$`));
    const stored = await env.AUDIO_BUCKET.get(report.audio?.original_key ?? '');
    expect(stored?.size).toBe(speech.byteLength);
  });

  it('keeps nothing of a file that is not audio (400 invalid_file_type, our UNPROCESSABLE_AUDIO)', async () => {
    const before = await storedKeys();
    const res = await upload(
      path,
      new TextEncoder().encode('hello, this is a text file, not audio\n'.repeat(50)),
      'notes.txt',
      'text/plain',
    );
    expect(res.status).toBe(400);
    expect(codeOf(await res.json())).toBe('UNPROCESSABLE_AUDIO');
    expect(await storedKeys()).toEqual(before);
  });

  it('requires sample_rate for raw µ-law (422 at query.sample_rate)', async () => {
    const res = await upload(
      `${path}?format=mulaw`,
      new Uint8Array(8_000).fill(0xff),
      'call.ulaw',
      'audio/basic',
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: { loc: string[] }[] };
    expect(body.detail[0]?.loc).toEqual(['query', 'sample_rate']);
  });

  it('refuses a format it does not know (422 enum at query.format)', async () => {
    const res = await upload(`${path}?format=flac9`, speech);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: { type: string; loc: string[] }[] };
    expect(body.detail[0]).toMatchObject({ type: 'enum', loc: ['query', 'format'] });
  });

  it('puts the transcript and the acoustic measurements in the report', async () => {
    const report = (await (await upload(path, speech)).json()) as ScamReport;
    expect(report.transcript).toEqual(expect.any(String));
    expect(report.audio_analysis?.counter_signals).toEqual(expect.any(Array));
    expect(report.features).toMatchObject({
      voiced_ms: expect.any(Number),
      pitch_median_hz: expect.any(Number),
      snr_db: expect.any(Number),
    });
  });
});

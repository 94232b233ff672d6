import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fromBase64 } from '../../durable-objects/ws-client';
import { as, makeOrg, type TestApp, type TestOrg, testApp } from '../workerd/harness';
import { capturingQueue, jobApp, upload } from '../workerd/jobs';

/**
 * `/api/v1/audio`: multipart uploads land under `{org}/{file_id}/{name}`; large files go
 * through a presigned PUT, Worker-signed (served by the Worker's storage route) or SigV4 (to
 * s3rver), and `complete` checks what arrived; download URLs are presigned and short-lived.
 */

const speech = fromBase64(inject('speechChunks')[1]!);
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The default storage: the R2 binding, URLs signed by the Worker. */
const r2App = testApp({ AUTH_MODE: 'on' }, { bindings: { JOB_QUEUE: capturingQueue().queue } });
/** R2's S3 API (s3rver), SigV4 URLs. */
const s3App = jobApp().app;
let org: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg(r2App, 'Uploads'), makeOrg(r2App, 'Other uploads')]);
});

describe('multipart upload (≤ 25 MB)', () => {
  it('stores the original under {org}/{file_id}/{name} and returns the file id', async () => {
    const res = await upload(r2App, org.key, speech, 'Call from +1 (555) 010 ünïcode.wav');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      file_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      file_name: 'Call_from_1_555_010_unicode.wav',
      file_size: speech.byteLength,
      content_type: 'audio/wav',
    });
    const stored = await env.AUDIO_BUCKET.get(
      `${org.id}/${res.body.file_id}/${res.body.file_name}`,
    );
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(speech);
  });

  it('refuses an empty file, a missing field and a file over 25 MB', async () => {
    expect((await upload(r2App, org.key, new Uint8Array(0))).status).toBe(400);
    const form = new FormData();
    form.set('other', 'x');
    const missing = await r2App.json('/api/v1/audio/upload', {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${org.key}` },
    });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'INVALID_AUDIO' } } });
    const big = await upload(r2App, org.key, new Uint8Array(25 * 1024 * 1024 + 1));
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('needs the analyst role: a viewer gets 403', async () => {
    const res = await upload(r2App, org.members.viewer.jwt, speech);
    expect(res.status).toBe(403);
  });
});

/** upload-url → PUT → complete, with `put` sending the bytes where the URL says. */
async function presignedUpload(
  app: TestApp,
  bytes: Uint8Array,
  put: (url: string, bytes: Uint8Array) => Promise<Response>,
) {
  const url = await app.json<{
    file_id: string;
    file_name: string;
    upload_url: string;
    max_bytes: number;
  }>(
    '/api/v1/audio/upload-url',
    as(org.key, {
      body: { file_name: 'long call.wav', content_type: 'audio/wav', file_size: bytes.byteLength },
    }),
  );
  expect(url.status).toBe(201);
  // Straight to R2 (SigV4): 500 MB; through the Worker: the plan's request-body limit.
  expect(url.body.max_bytes).toBe((app === r2App ? 100 : 500) * 1024 * 1024);
  const early = await app.json(
    `/api/v1/audio/${url.body.file_id}/complete`,
    as(org.key, { body: { file_name: url.body.file_name } }),
  );
  expect(early).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  const stored = await put(url.body.upload_url, bytes);
  expect(stored.status).toBe(200);
  const done = await app.json<{ file_id: string; file_size: number }>(
    `/api/v1/audio/${url.body.file_id}/complete`,
    as(org.key, { body: { file_name: url.body.file_name } }),
  );
  return { url: url.body, done };
}

describe('presigned upload (≤ 500 MB) and completion', () => {
  it('through a Worker-signed URL: streamed into R2, then checked', async () => {
    const { url, done } = await presignedUpload(r2App, speech, (u, body) =>
      r2App.fetch(path(u), { method: 'PUT', body, headers: { 'Content-Type': 'audio/wav' } }),
    );
    // Through the Worker: Cloudflare's request-body limit on the plan (100 MB by default).
    expect(new URL(url.upload_url).searchParams.get('max')).toBe(String(100 * 1024 * 1024));
    expect(done).toMatchObject({
      status: 200,
      body: { file_id: url.file_id, file_size: speech.byteLength },
    });
    expect((await env.AUDIO_BUCKET.head(`${org.id}/${url.file_id}/long_call.wav`))?.size).toBe(
      speech.byteLength,
    );
  });

  it('promises no more than Cloudflare lets through the Worker; straight to R2, 500 MB', async () => {
    const MB = 1024 * 1024;
    const ask = (app: TestApp, size: number) =>
      app.json<{ max_bytes: number; error?: { code: string; message: string } }>(
        '/api/v1/audio/upload-url',
        as(org.key, { body: { file_name: 'big.wav', file_size: size } }),
      );
    const refused = await ask(r2App, 150 * MB);
    expect(refused.status).toBe(413);
    expect(refused.body.error?.message).toMatch(/limited to 100 MB here: .*R2_S3_\*.*500 MB/);
    const business = testApp(
      { AUTH_MODE: 'on', REQUEST_BODY_LIMIT_MB: '200' },
      { bindings: { JOB_QUEUE: capturingQueue().queue } },
    );
    expect(await ask(business, 150 * MB)).toMatchObject({
      status: 201,
      body: { max_bytes: 200 * MB },
    });
    expect(await ask(s3App, 450 * MB)).toMatchObject({
      status: 201,
      body: { max_bytes: 500 * MB },
    });
    expect((await ask(s3App, 501 * MB)).status).toBe(413);
  });

  it('a Worker-signed URL refuses a body over its signed bound, or without a length', async () => {
    const url = await r2App.json<{ upload_url: string }>(
      '/api/v1/audio/upload-url',
      as(org.key, { body: { file_name: 'x.wav' } }),
    );
    const u = new URL(url.body.upload_url);
    u.searchParams.set('max', '1');
    const raised = await r2App.fetch(path(u.toString()), { method: 'PUT', body: speech });
    expect(raised.status).toBe(403);
    const tooBig = await r2App.fetch(path(url.body.upload_url), {
      method: 'PUT',
      body: 'x',
      headers: { 'Content-Length': String(600 * 1024 * 1024) },
    });
    expect(tooBig.status).toBe(413);
  });

  it('through a SigV4 URL to the S3 API (s3rver): stored there, then checked there', async () => {
    const { url, done } = await presignedUpload(s3App, speech, (u, body) =>
      fetch(u, { method: 'PUT', body, headers: { 'Content-Type': 'audio/wav' } }),
    );
    const signed = new URL(url.upload_url);
    expect(signed.origin).toBe(inject('s3Vars').R2_S3_ENDPOINT);
    // A staging key: `complete` moves the file to where analyses read it.
    expect(signed.pathname).toBe(
      `/callshield-audio/${org.id}/uploads/${url.file_id}/long_call.wav`,
    );
    expect(signed.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(done).toMatchObject({ status: 200, body: { file_size: speech.byteLength } });
    // Nothing went to the binding: the S3 API is the one store when it is configured.
    expect(await env.AUDIO_BUCKET.head(`${org.id}/${url.file_id}/long_call.wav`)).toBeNull();
  });

  it('an empty upload is refused at completion and removed', async () => {
    const { url, done } = await presignedUpload(s3App, new Uint8Array(0), (u, body) =>
      fetch(u, { method: 'PUT', body }),
    );
    expect(done).toMatchObject({ status: 400, body: { error: { code: 'INVALID_AUDIO' } } });
    const again = await s3App.json(
      `/api/v1/audio/${url.file_id}/complete`,
      as(org.key, { body: { file_name: url.file_name } }),
    );
    expect(again.status).toBe(404);
  });

  it('refuses to sign for a declared size over 500 MB', async () => {
    const res = await r2App.json(
      '/api/v1/audio/upload-url',
      as(org.key, { body: { file_name: 'huge.wav', file_size: 500 * 1024 * 1024 + 1 } }),
    );
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });
});

describe('a completed upload', () => {
  const swapped = new TextEncoder().encode('no longer the recording that was completed');
  const stores: [string, TestApp, (u: string, body: Uint8Array) => Promise<Response>][] = [
    ['a Worker-signed URL', r2App, (u, body) => r2App.fetch(path(u), { method: 'PUT', body })],
    ['a SigV4 URL', s3App, (u, body) => fetch(u, { method: 'PUT', body })],
  ];

  it.each(stores)('cannot be changed through %s it was uploaded with', async (_, app, put) => {
    const { url, done } = await presignedUpload(app, speech, put);
    expect(done.status).toBe(200);
    // The URL is valid for an hour: using it again must not reach the completed file.
    await put(url.upload_url, swapped);
    const again = await app.json<{ file_size: number }>(
      `/api/v1/audio/${url.file_id}/complete`,
      as(org.key, { body: { file_name: url.file_name } }),
    );
    expect(again).toMatchObject({ status: 200, body: { file_size: speech.byteLength } });
    const download = await app.json<{ url: string }>(
      `/api/v1/audio/${url.file_id}/download-url?file_name=${url.file_name}`,
      as(org.key),
    );
    const got =
      app === r2App ? await r2App.fetch(path(download.body.url)) : await fetch(download.body.url);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(speech);
  });
});

describe('download URLs', () => {
  it('are presigned, short-lived, and serve the file', async () => {
    for (const app of [r2App, s3App]) {
      const file = await upload(app, org.key, speech, 'kept.wav');
      const before = Date.now();
      const res = await app.json<{ url: string; expires_at: string }>(
        `/api/v1/audio/${file.body.file_id}/download-url?file_name=kept.wav`,
        as(org.members.viewer.jwt),
      );
      expect(res.status).toBe(200);
      const ttl = Date.parse(res.body.expires_at) - before;
      expect(ttl).toBeGreaterThan(4 * 60_000);
      expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 1_000);
      const got = app === r2App ? await r2App.fetch(path(res.body.url)) : await fetch(res.body.url);
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(speech);
    }
  });

  it("are 404 for another organisation's file, even with its exact id and name", async () => {
    const file = await upload(r2App, org.key, speech, 'mine.wav');
    for (const credential of [other.key, other.members.owner.jwt]) {
      const res = await r2App.json(
        `/api/v1/audio/${file.body.file_id}/download-url?file_name=mine.wav`,
        as(credential),
      );
      expect(res.status).toBe(404);
      const complete = await r2App.json(
        `/api/v1/audio/${file.body.file_id}/complete`,
        as(credential, { body: { file_name: 'mine.wav' } }),
      );
      expect(complete.status).toBe(404);
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../sidecar/src/app';
import { type Scratch, scratch, speak } from '../fixtures/media';
import { errorJson, okJson, post, testSidecar } from './harness';

/**
 * `source_url`: the sidecar GETs the audio from a presigned URL instead of the body (stored
 * uploads up to 500 MB), bounded by MAX_SOURCE_BYTES; and `timeout_ms`, a request's own time
 * limit within MAX_REQUEST_TIMEOUT_MS.
 */

let s: Scratch;
let wav: Buffer;
let server: Server;
let origin = '';
const fetched: string[] = [];

beforeAll(async () => {
  s = await scratch();
  await speak('Your account has been locked.', s.path('call.wav'));
  wav = Buffer.from(await s.read('call.wav'));
  server = createServer((req, res) => {
    fetched.push(req.url ?? '');
    if (req.url?.startsWith('/call.wav')) return res.writeHead(200).end(wav);
    if (req.url?.startsWith('/chunked')) {
      res.writeHead(200);
      res.write(wav.subarray(0, 1000));
      return res.end(wav.subarray(1000));
    }
    res.writeHead(403).end('<Error>SignatureDoesNotMatch</Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await s?.cleanup();
});

describe('source_url', () => {
  let sidecar: Sidecar;
  beforeAll(async () => {
    sidecar = await testSidecar();
  });

  it('fetches the audio from the URL and processes it as if it were the body', async () => {
    const fromUrl = await okJson(
      await post(sidecar, null, '', { 'x-source-url': `${origin}/call.wav?X-Amz-Signature=x` }),
    );
    const fromBody = await okJson(await post(sidecar, wav));
    expect(fromUrl.text).toBe(fromBody.text);
    expect(fromUrl.features.duration_ms).toBe(fromBody.features.duration_ms);
    expect(fromUrl.text.split(' ').length).toBeGreaterThan(1);
    expect(fetched).toContain('/call.wav?X-Amz-Signature=x');
    // Word posteriors give each segment a confidence.
    for (const segment of fromUrl.segments) {
      expect(segment.confidence).toBeGreaterThanOrEqual(0);
      expect(segment.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('streams a body without a length', async () => {
    const res = await okJson(
      await post(sidecar, null, '', { 'x-source-url': `${origin}/chunked` }),
    );
    expect(res.features.duration_ms).toBeGreaterThan(500);
  });

  it('answers SOURCE_UNAVAILABLE (retryable) when storage refuses the URL', async () => {
    const res = await post(sidecar, null, '', { 'x-source-url': `${origin}/expired` });
    expect(res.status).toBe(502);
    expect(await errorJson(res)).toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('HTTP 403'),
    });
  });

  it('refuses a source over MAX_SOURCE_BYTES', async () => {
    const small = await testSidecar({ MAX_SOURCE_BYTES: '2048' });
    const res = await post(small, null, '', { 'x-source-url': `${origin}/chunked` });
    expect(res.status).toBe(413);
    expect((await errorJson(res)).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('timeout_ms', () => {
  it('limits one request, capped by MAX_REQUEST_TIMEOUT_MS', async () => {
    // The fake engine takes 10 s; the request asks for 1 s, and a cap of 2 s wins over 60 s.
    const slow = await testSidecar({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'hello',
      FAKE_ASR_DELAY_MS: '10000',
      MAX_REQUEST_TIMEOUT_MS: '2000',
    });
    for (const [asked, applied] of [
      ['1000', '1000'],
      ['60000', '2000'],
    ]) {
      const res = await post(slow, wav, `?timeout_ms=${asked}`);
      expect(res.status).toBe(504);
      expect(await errorJson(res)).toMatchObject({
        code: 'TIMEOUT',
        message: `Processing exceeded ${applied} ms`,
      });
    }
  });
});

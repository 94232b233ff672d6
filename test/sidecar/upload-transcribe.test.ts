import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../sidecar/src/app';
import { padWithSilence, type Scratch, scratch, speak } from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

let s: Scratch;
let sidecar: Sidecar;

beforeAll(async () => {
  s = await scratch();
  sidecar = await testSidecar();
});
afterAll(() => s.cleanup());

/** A loopback stand-in for a presigned PUT endpoint (R2/S3 speak plain HTTP PUT here). */
async function putSink(status: number) {
  const received: Array<{ method: string; type: string | undefined; body: Buffer }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        type: req.headers['content-type'],
        body: Buffer.concat(chunks),
      });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/bucket/org/analysis/trimmed.wav?X-Amz-Signature=abc`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('upload_url (presigned PUT)', () => {
  it('PUTs the trimmed 16 kHz mono WAV and reports the status', async () => {
    await speak('Hello.', s.path('hi.wav'));
    await padWithSilence(s.path('hi.wav'), s.path('hi-padded.wav'), 1, 1);
    const sink = await putSink(200);
    try {
      const body = await okJson(
        await post(sidecar, await s.read('hi-padded.wav'), '?transcribe=false', {
          'x-upload-url': sink.url,
        }),
      );
      expect(body.upload).toMatchObject({ status: 'uploaded', http_status: 200 });
      expect(sink.received).toHaveLength(1);
      const put = sink.received[0]!;
      expect(put.method).toBe('PUT');
      expect(put.type).toBe('audio/wav');
      expect(put.body.toString('ascii', 0, 4)).toBe('RIFF');
      expect(put.body.readUInt32LE(24)).toBe(16000);
      expect(put.body.readUInt16LE(22)).toBe(1);
      const ms = ((put.body.length - 44) / 2 / 16000) * 1000;
      expect(Math.abs(ms - body.features.trimmed_duration_ms)).toBeLessThanOrEqual(1);
      expect(body.upload!.bytes).toBe(put.body.length);
    } finally {
      await sink.close();
    }
  });

  it('reports a rejected or unreachable upload without failing the request', async () => {
    await speak('Hello.', s.path('hi2.wav'));
    const sink = await putSink(403);
    try {
      const rejected = await okJson(
        await post(
          sidecar,
          await s.read('hi2.wav'),
          `?transcribe=false&upload_url=${encodeURIComponent(sink.url)}`,
        ),
      );
      expect(rejected.upload).toMatchObject({ status: 'failed', http_status: 403 });
    } finally {
      await sink.close();
    }
    const unreachable = await okJson(
      await post(sidecar, await s.read('hi2.wav'), '?transcribe=false', {
        'x-upload-url': sink.url,
      }),
    );
    expect(unreachable.upload).toMatchObject({ status: 'failed', http_status: null });
  });
});

// ../shared sits beside the checkout (see docs/testing.md); it is not part of the repository.
const ROBOCALL = resolve(import.meta.dirname, '../../../shared/audio/amazon_scam_robocall.wav');
const haveRobocall = existsSync(ROBOCALL);
if (!haveRobocall)
  console.warn(`[sidecar tests] ${ROBOCALL} is missing: skipping the real-recording test`);

describe.skipIf(!haveRobocall)('real robocall recording (pocketsphinx)', () => {
  it('hears "amazon" and "account" in the 41 s Amazon scam call', async () => {
    const { readFile } = await import('node:fs/promises');
    const body = await okJson(await post(sidecar, new Uint8Array(await readFile(ROBOCALL))));
    expect(body.engine.name).toBe('pocketsphinx');
    const words = body.text.toLowerCase().split(/\s+/);
    expect(words).toContain('amazon');
    expect(words).toContain('account');
    expect(body.segments.length).toBeGreaterThan(1);
    expect(body.features.duration_ms).toBeGreaterThan(40_000);
    for (const seg of body.segments) expect(seg.end_ms).toBeGreaterThanOrEqual(seg.start_ms);
  }, 120_000);
});

/**
 * Where uploaded audio goes, on the real stack (wrangler dev + sidecar + local R2): the
 * sidecar's PUT of the trimmed audio follows PUBLIC_BASE_URL, never the request's Host
 * header, and `trimmed_stored` is true only when the object can be read back.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { workerPresigner } from '../../worker/services/presign';
import { startPutSink } from '../durable-objects/put-sink';
import { type Scratch, scratch, speak } from '../fixtures/media';

const base = inject('workerUrl');
let s: Scratch;
let wav: Buffer;

beforeAll(async () => {
  s = await scratch();
  await speak('Your account has been charged, call us back today.', s.path('call.wav'));
  wav = Buffer.from(await s.read('call.wav'));
});
afterAll(() => s?.cleanup());

/** POSTs a multipart upload to the Worker with the given Host header (node:http allows it). */
function uploadWithHost(host: string): Promise<{ status: number; body: string }> {
  const boundary = 'e2e-storage-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="call.wav"\r\n` +
        'Content-Type: audio/wav\r\n\r\n',
    ),
    wav,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const url = new URL('/analyze/audio', base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          Host: host,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': body.byteLength,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('stored audio on the real stack', () => {
  it('goes to PUBLIC_BASE_URL whatever the Host header says, and is really there', async () => {
    const sink = await startPutSink(0);
    try {
      const sinkHost = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
      const res = await uploadWithHost(sinkHost);
      expect(res.status).toBe(200);
      const report = JSON.parse(res.body) as ScamReport;
      const puts = (await (await fetch(`http://${sinkHost}/__puts`)).json()) as { puts: number };
      expect(puts.puts).toBe(0);
      expect(report.audio).toMatchObject({
        trimmed_stored: true,
        // With auth off the open caller acts for the seeded dev organisation (OPEN_ORG_ID).
        trimmed_key: `${inject('devCredentials').org_id}/${report.id}/trimmed.wav`,
      });
      const signer = workerPresigner(base, inject('storageSigningSecret'));
      const stored = await fetch(await signer.url('GET', report.audio?.trimmed_key ?? '', 60));
      expect(stored.status).toBe(200);
      const bytes = new Uint8Array(await stored.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
    } finally {
      sink.closeAllConnections();
      await new Promise((resolve) => sink.close(resolve));
    }
  });
});

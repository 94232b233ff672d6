/**
 * `s3Presigner` against a real S3 API on loopback (s3rver) plus an independent SigV4 check.
 *
 * s3rver 3.7.1 does NOT verify SigV4 signatures (lib/middleware/authentication.js: "Signature
 * version 4 calculation is unimplemented" — any V4 request naming a known access key id is
 * let in, whatever the secret or signature). What it does enforce, and what we assert against
 * it: the path-style URL reaches the right bucket and key, the query carries every required
 * X-Amz-* parameter, the access key id is known, and X-Amz-Date + X-Amz-Expires is in the
 * future. Whether the signature is the one S3/R2 would compute is checked by `verifySigV4`
 * below, written from the AWS spec and not from aws4fetch.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3Presigner } from '../../../worker/services/presign';

/** The slice of s3rver's (untyped, CommonJS) API this test uses. */
interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** s3rver's one built-in account; the key id is all it checks. */
const ACCESS_KEY = 'S3RVER';
const SECRET = 'S3RVER';
const BUCKET = 'callshield-audio';
/** Spaces, a plus, a slash and non-ASCII: where path canonicalization usually goes wrong. */
const KEY = 'calls/2026 06/a+b (1) é.wav';

let server: S3rverInstance;
let endpoint = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callshield-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    resetOnClose: true,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
});

const presigner = (secretAccessKey = SECRET, accessKeyId = ACCESS_KEY) =>
  s3Presigner({ endpoint, accessKeyId, secretAccessKey, bucket: BUCKET });

const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Recomputes a presigned URL's SigV4 signature the way S3 does (canonical URI from the decoded
 * path, RFC 3986 query, `host` the only signed header, UNSIGNED-PAYLOAD) and compares.
 */
function verifySigV4(method: string, rawUrl: string, secret: string): boolean {
  const url = new URL(rawUrl);
  const q = url.searchParams;
  const [, date, region, service] = (q.get('X-Amz-Credential') ?? '').split('/');
  const path = url.pathname
    .split('/')
    .map((s) => rfc3986(decodeURIComponent(s)))
    .join('/');
  const query = [...q]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonical = [method, path, query, `host:${url.host}\n`, 'host', 'UNSIGNED-PAYLOAD'];
  const scope = [date, region, service, 'aws4_request'].join('/');
  const toSign = [
    'AWS4-HMAC-SHA256',
    q.get('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonical.join('\n')).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`)
    .update(date ?? '')
    .digest();
  for (const part of [region, service, 'aws4_request'])
    key = createHmac('sha256', key)
      .update(part ?? '')
      .digest();
  return createHmac('sha256', key).update(toSign).digest('hex') === q.get('X-Amz-Signature');
}

describe('s3Presigner against s3rver', () => {
  it('a presigned PUT stores the bytes under the key and a presigned GET returns them', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    const put = await presigner().url('PUT', KEY, 300);
    expect(new URL(put).pathname.startsWith(`/${BUCKET}/calls/`)).toBe(true);
    const stored = await fetch(put, { method: 'PUT', body: bytes });
    expect(stored.status).toBe(200);

    const got = await fetch(await presigner().url('GET', KEY, 300));
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
  });

  it('refuses a URL whose X-Amz-Date + X-Amz-Expires has passed (403)', async () => {
    // Sign two minutes in the past with a 1 s lifetime; only Date is faked, and only while
    // signing, because s3rver runs in this process and must see the real clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 120_000);
    const expired = await presigner().url('GET', KEY, 1);
    vi.useRealTimers();
    const res = await fetch(expired);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
  });

  it('refuses an access key id it does not know (403)', async () => {
    const res = await fetch(await presigner(SECRET, 'NOT-A-KEY').url('GET', KEY, 60));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('InvalidAccessKeyId');
  });
});

describe('s3Presigner signatures (independent SigV4 check; s3rver does not verify them)', () => {
  it('signs exactly what S3 will canonicalize, key encoding and X-Amz-Expires included', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const url = await presigner().url(method, KEY, 900);
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
      expect(verifySigV4(method, url, SECRET)).toBe(true);
    }
  });

  it('does not verify once tampered with or signed with another secret', async () => {
    // Without these, a verifier that always said yes would pass the test above.
    const url = new URL(await presigner().url('GET', KEY, 900));
    const otherKey = new URL(url);
    otherKey.pathname = `/${BUCKET}/calls/other.wav`;
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    const sig = url.searchParams.get('X-Amz-Signature') ?? '';
    const flipped = new URL(url);
    flipped.searchParams.set('X-Amz-Signature', `${sig.slice(0, -1)}${sig.endsWith('0') ? 1 : 0}`);
    expect(verifySigV4('GET', url.toString(), SECRET)).toBe(true);
    expect(verifySigV4('PUT', url.toString(), SECRET)).toBe(false);
    for (const bad of [otherKey, longer, flipped])
      expect(verifySigV4('GET', bad.toString(), SECRET)).toBe(false);
    const wrongSecret = await presigner('not-the-secret').url('GET', KEY, 900);
    expect(verifySigV4('GET', wrongSecret, SECRET)).toBe(false);
  });
});

import { AwsClient } from 'aws4fetch';
import { constantTimeEqual } from '#core/constant-time';
import { toHex } from '#core/encoding';
import type { AppConfig } from '../config';
import { hmac } from './hmac';

/**
 * Presigned URLs for audio objects. With R2's S3 credentials configured, URLs are SigV4
 * presigned against R2's S3 API (aws4fetch); without them, the Worker signs URLs itself (HMAC)
 * and serves them at /api/storage/object. Clients and the sidecar never hold credentials.
 */

export type PresignMethod = 'GET' | 'PUT';

export interface Presigner {
  readonly kind: 's3' | 'worker';
  /**
   * A URL that lets its holder `method` the object at `key` for `expiresInSeconds`.
   * `maxBytes` bounds a PUT through a Worker-signed URL (signed into it); an S3 URL can't
   * carry a bound, so whoever completes such an upload checks the object's size.
   */
  url(
    method: PresignMethod,
    key: string,
    expiresInSeconds: number,
    options?: { maxBytes?: number },
  ): Promise<string>;
}

/** Path of the Worker's own signed-object route. */
export const STORAGE_PATH = '/api/storage/object';

/**
 * The S3 presigner when R2 credentials are configured, else the Worker-signed one. Worker
 * URLs point at the configured public base URL, never at whatever Host a request named.
 */
export function presignerFor(config: AppConfig): Presigner {
  if (config.storage.r2S3) return s3Presigner(config.storage.r2S3);
  return workerPresigner(config.publicBaseUrl, config.storage.signingSecret);
}

/** SigV4 query-string presigning (path-style URLs: `{endpoint}/{bucket}/{key}`). */
export function s3Presigner(opts: {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  region?: string;
}): Presigner {
  const client = new AwsClient({
    accessKeyId: opts.accessKeyId,
    secretAccessKey: opts.secretAccessKey,
    service: 's3',
    region: opts.region ?? 'auto',
  });
  return {
    kind: 's3',
    async url(method, key, expiresInSeconds) {
      const url = new URL(`${opts.endpoint.replace(/\/+$/, '')}/${opts.bucket}/${encodeKey(key)}`);
      url.searchParams.set('X-Amz-Expires', String(expiresInSeconds));
      const signed = await client.sign(new Request(url, { method }), { aws: { signQuery: true } });
      return signed.url;
    },
  };
}

/** URLs the Worker verifies itself: HMAC-SHA256 over method, key and expiry. */
export function workerPresigner(origin: string, secret: string): Presigner {
  return {
    kind: 'worker',
    async url(method, key, expiresInSeconds, options = {}) {
      const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
      const max = method === 'PUT' ? options.maxBytes : undefined;
      const sig = await hmacHex(secret, canonical(method, key, expires, max));
      const url = new URL(STORAGE_PATH, origin);
      const query: Record<string, string> = { key, method, expires: String(expires) };
      if (max !== undefined) query.max = String(max);
      url.search = new URLSearchParams({ ...query, sig }).toString();
      return url.toString();
    },
  };
}

/** Checks a Worker-signed URL's signature and expiry in constant time. */
export async function verifyWorkerSignature(
  secret: string,
  params: { key: string; method: PresignMethod; expires: number; sig: string; max?: number },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<'ok' | 'expired' | 'bad_signature'> {
  const expected = await hmacHex(
    secret,
    canonical(params.method, params.key, params.expires, params.max),
  );
  if (!constantTimeEqual(expected, params.sig)) return 'bad_signature';
  return params.expires < nowSeconds ? 'expired' : 'ok';
}

/** What a Worker-signed URL signs; `max` only when the URL carries one (older URLs don't). */
function canonical(method: PresignMethod, key: string, expires: number, max?: number): string {
  const base = `${method}\n${key}\n${expires}`;
  return max === undefined ? base : `${base}\n${max}`;
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

async function hmacHex(secret: string, message: string): Promise<string> {
  return toHex(await hmac('SHA-256', secret, message));
}

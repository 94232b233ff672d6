import { AwsClient } from 'aws4fetch';
import type { R2S3Config } from '../config';

/**
 * The audio bucket as uploads and analysis jobs see it. With R2's S3 credentials configured,
 * objects are written, checked and deleted through the S3 API, the same way presigned URLs
 * reach them, so an object a client PUT through a presigned URL is found where it was put (in
 * production the binding and the S3 API name the same bucket). Without them, the `AUDIO_BUCKET`
 * binding is used.
 */

/** What a stored object is, as far as callers need to know. */
export interface StoredObject {
  key: string;
  size: number;
  contentType: string | null;
  /** The object's entity tag (unquoted): it changes whenever the object is written again. */
  etag: string | null;
}

/** A storage request that failed for a reason retrying may cure (storage down, throttled). */
export class StorageError extends Error {
  override name = 'StorageError';
}

export interface ObjectStore {
  readonly kind: 'r2' | 's3';
  /** Stores `body` (`size` bytes) under `key`. */
  put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: { contentType: string; size: number },
  ): Promise<void>;
  /** The object at `key`, or null when there is none. */
  head(key: string): Promise<StoredObject | null>;
  /** Deletes the objects (missing ones are no error). */
  delete(keys: string[]): Promise<void>;
  /** Copies `from` to `to` inside the bucket; the copy, or null when `from` is missing. */
  copy(from: string, to: string): Promise<StoredObject | null>;
  /** The first `length` bytes of the object (fewer when it is shorter), or null when missing. */
  readStart(key: string, length: number): Promise<Uint8Array | null>;
}

/** An entity tag as a plain string: S3 quotes it in headers, the R2 binding does not. */
function plainEtag(etag: string | null | undefined): string | null {
  return etag ? etag.replace(/^W\//, '').replace(/^"|"$/g, '') : null;
}

/** The store for a configuration: S3 when R2's S3 credentials are set, else the binding. */
export function objectStoreFor(bucket: R2Bucket, s3: R2S3Config | null): ObjectStore {
  return s3 ? s3Store(s3) : r2Store(bucket);
}

/** The R2 binding. */
export function r2Store(bucket: R2Bucket): ObjectStore {
  return {
    kind: 'r2',
    async put(key, body, { contentType, size }) {
      // R2 needs to know a stream's length up front.
      const data =
        body instanceof Uint8Array ? body : body.pipeThrough(new FixedLengthStream(size));
      await bucket.put(key, data, { httpMetadata: { contentType } });
    },
    async head(key) {
      const found = await bucket.head(key);
      return found ? described(key, found) : null;
    },
    async delete(keys) {
      if (keys.length > 0) await bucket.delete(keys);
    },
    async copy(from, to) {
      const source = await bucket.get(from);
      if (!source) return null;
      // The binding has no server-side copy: the body streams through, at its known length.
      const copied = await bucket.put(
        to,
        source.body.pipeThrough(new FixedLengthStream(source.size)),
        {
          httpMetadata: source.httpMetadata,
        },
      );
      return described(to, copied);
    },
    async readStart(key, length) {
      const found = await bucket.get(key, { range: { offset: 0, length } });
      return found ? new Uint8Array(await found.arrayBuffer()) : null;
    },
  };
}

function described(key: string, object: R2Object): StoredObject {
  return {
    key,
    size: object.size,
    contentType: object.httpMetadata?.contentType ?? null,
    etag: plainEtag(object.etag),
  };
}

/** R2's S3 API (path-style, as the presigner signs), requests signed by aws4fetch. */
export function s3Store(config: R2S3Config): ObjectStore {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    service: 's3',
    region: 'auto',
  });
  const urlOf = (key: string) => `${config.endpoint}/${config.bucket}/${encodeKey(key)}`;
  const send = async (key: string, init: RequestInit): Promise<Response> => {
    try {
      return await client.fetch(urlOf(key), init);
    } catch (error) {
      throw new StorageError('the storage service is unreachable', { cause: error });
    }
  };
  const check = async (res: Response, what: string) => {
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new StorageError(`storage refused the ${what} (HTTP ${res.status})`);
  };
  const head = async (key: string): Promise<StoredObject | null> => {
    const res = await send(key, { method: 'HEAD' });
    if (res.status === 404) return null;
    await check(res, 'lookup');
    return {
      key,
      size: Number(res.headers.get('content-length') ?? 0),
      contentType: res.headers.get('content-type'),
      etag: plainEtag(res.headers.get('etag')),
    };
  };
  return {
    kind: 's3',
    async put(key, body, { contentType, size }) {
      const res = await send(key, {
        method: 'PUT',
        body,
        headers: { 'content-type': contentType, 'content-length': String(size) },
      });
      await check(res, 'upload');
    },
    head,
    async delete(keys) {
      for (const key of keys) {
        const res = await send(key, { method: 'DELETE' });
        if (res.status !== 404) await check(res, 'delete');
      }
    },
    async copy(from, to) {
      // Server-side copy (CopyObject): the bytes never pass through the Worker.
      const res = await send(to, {
        method: 'PUT',
        headers: { 'x-amz-copy-source': `/${config.bucket}/${encodeKey(from)}` },
      });
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      await check(res, 'copy');
      return head(to);
    },
    async readStart(key, length) {
      const res = await send(key, { method: 'GET', headers: { range: `bytes=0-${length - 1}` } });
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      if (!res.ok) await check(res, 'read');
      // A server that ignores Range sends it all: keep the start only.
      return new Uint8Array(await res.arrayBuffer()).slice(0, length);
    },
  };
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

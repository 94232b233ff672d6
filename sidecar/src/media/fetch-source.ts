/**
 * Fetches a request's audio from a presigned `source_url` into a file, streaming, so a stored
 * upload of hundreds of megabytes never sits in memory. The sidecar holds no storage
 * credentials: the URL itself is the permission, and only its host is ever logged.
 */
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { describeError, SidecarError } from '../errors';
import type { Logger } from '../log';

/** Downloads `url` to `path`; returns the byte count. Throws SidecarError. */
export async function fetchSource(
  url: string,
  path: string,
  ctx: { signal: AbortSignal; maxBytes: number; logger: Logger },
): Promise<number> {
  const tooLarge = () =>
    new SidecarError('PAYLOAD_TOO_LARGE', `The source is larger than ${ctx.maxBytes} bytes`);
  let res: Response;
  try {
    res = await fetch(url, { signal: ctx.signal, redirect: 'error' });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    ctx.logger.warn('source_fetch_failed', {
      host: new URL(url).host,
      error: describeError(error),
    });
    throw new SidecarError('SOURCE_UNAVAILABLE', 'The audio could not be fetched from its URL');
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    ctx.logger.warn('source_rejected', { host: new URL(url).host, http_status: res.status });
    throw new SidecarError(
      'SOURCE_UNAVAILABLE',
      `The audio could not be fetched from its URL (HTTP ${res.status})`,
    );
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > ctx.maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  let total = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.byteLength;
      done(total > ctx.maxBytes ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      count,
      createWriteStream(path),
      { signal: ctx.signal },
    );
  } catch (error) {
    if (error instanceof SidecarError) throw error;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new SidecarError('SOURCE_UNAVAILABLE', 'The audio download was interrupted', {
      cause: error,
    });
  }
  if (total === 0) throw new SidecarError('EMPTY_BODY', 'The source is empty');
  return total;
}

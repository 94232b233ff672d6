/**
 * Uploads the trimmed WAV to a presigned PUT URL. The sidecar never holds storage
 * credentials: the Worker signs the URL, we only PUT to it. An upload failure does not fail
 * the request; it is reported in the response.
 */
import type { z } from 'zod';
import type { UploadResultSchema } from '#core/schemas/sidecar-protocol';
import { describeError } from '../errors';
import type { Logger } from '../log';

/** Outcome reported to the client. */
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** PUTs `wav` to `url`; never throws (except when `signal` aborts, which ends the request). */
export async function uploadWav(
  url: string,
  wav: Uint8Array<ArrayBuffer>,
  ctx: { signal: AbortSignal; logger: Logger },
): Promise<UploadResult> {
  try {
    const res = await fetch(url, {
      method: 'PUT',
      body: wav,
      headers: { 'content-type': 'audio/wav', 'content-length': String(wav.byteLength) },
      signal: ctx.signal,
      redirect: 'error',
    });
    // Drain so the connection can be reused; the body of an S3 error is not interesting here.
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) ctx.logger.warn('upload_rejected', { http_status: res.status });
    return {
      status: res.ok ? 'uploaded' : 'failed',
      http_status: res.status,
      bytes: wav.byteLength,
    };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    // The URL carries a signature, so only the host is logged.
    ctx.logger.warn('upload_failed', { host: new URL(url).host, error: describeError(err) });
    return { status: 'failed', http_status: null, bytes: wav.byteLength };
  }
}

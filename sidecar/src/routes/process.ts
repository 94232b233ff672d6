/** `POST /v1/process`: decode, trim, transcribe and measure one audio body. */
import { Hono } from 'hono';
import type { TranscriberSelector } from '../asr/selector';
import type { SidecarConfig } from '../config';
import { SidecarError } from '../errors';
import type { ConcurrencyLimiter } from '../limiter';
import type { Logger } from '../log';
import { type PipelineDeps, processAudio } from '../pipeline';
import { readBody, readParams } from '../request-input';

/** Everything the route needs. */
export interface ProcessRouteDeps {
  config: SidecarConfig;
  selector: TranscriberSelector;
  limiter: ConcurrencyLimiter;
  ffmpegPath: string | null;
  logger: Logger;
}

/** Rejects when `signal` aborts; used to answer on time even if in-process work runs on. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Mounts the route. */
export function processRoutes(deps: ProcessRouteDeps): Hono {
  return new Hono().post('/v1/process', async (c) => {
    const params = readParams(new URL(c.req.url), c.req.raw.headers);
    // Fail before reading 25 MB when the answer can only be "no".
    if (deps.ffmpegPath === null) {
      throw new SidecarError('INTERNAL', 'ffmpeg is not available on this sidecar');
    }
    if (params.transcribe && deps.selector.current() === null) {
      if (deps.selector.stillLoading()) {
        throw new SidecarError('ASR_LOADING', 'Speech recognition is still loading', {
          retryAfterS: 5,
        });
      }
      throw new SidecarError(
        'ASR_UNAVAILABLE',
        'No speech recognition engine is available (see /healthz); retry with transcribe=false',
      );
    }
    // A stored file is fetched by the pipeline (inside the limiter); a body is read now.
    const body = params.source_url ? null : await readBody(c.req.raw, deps.config.maxBodyBytes);
    if (params.source_url) await c.req.raw.body?.cancel().catch(() => undefined);
    const timeoutMs = Math.min(
      params.timeout_ms ?? deps.config.requestTimeoutMs,
      deps.config.maxRequestTimeoutMs,
    );
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new SidecarError('TIMEOUT', `Processing exceeded ${timeoutMs} ms`)),
      timeoutMs,
    );
    // A caller that hangs up (the Worker gave up on its budget) frees its queue place and
    // kills its ffmpeg/ASR children instead of leaving work nobody will read.
    const clientGone = () => controller.abort(new SidecarError('TIMEOUT', 'The client went away'));
    c.req.raw.signal.addEventListener('abort', clientGone, { once: true });
    const pipelineDeps: PipelineDeps = {
      ...deps,
      ffmpegPath: deps.ffmpegPath,
      queued: () => deps.limiter.stats().queued,
    };
    try {
      const job = deps.limiter.run(
        () => processAudio(body, params, pipelineDeps, controller.signal),
        controller.signal,
      );
      // The job may outlive the deadline (in-process Whisper); its late failure is expected.
      job.catch(() => undefined);
      const result = await Promise.race([job, whenAborted(controller.signal)]);
      deps.logger.info('processed', {
        bytes: body?.byteLength ?? null,
        source: params.source_url ? 'url' : 'body',
        format: params.format,
        engine: result.engine.name,
        duration_ms: result.features.duration_ms,
        total_ms: result.timings_ms.total,
      });
      return c.json(result);
    } finally {
      clearTimeout(timer);
      c.req.raw.signal.removeEventListener('abort', clientGone);
    }
  });
}

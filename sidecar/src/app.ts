/**
 * `createApp(config, deps)`: builds the sidecar (engines, limiter, routes) without listening,
 * so tests can call `app.fetch` in-process or serve it on an ephemeral port.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AsrEngine } from '#core/schemas/sidecar-protocol';
import { FakeTranscriber } from './asr/fake';
import { PocketsphinxTranscriber } from './asr/pocketsphinx';
import { TranscriberSelector } from './asr/selector';
import type { Transcriber } from './asr/transcriber';
import { WhisperTranscriber } from './asr/whisper';
import type { SidecarConfig } from './config';
import { asSidecarError, describeError, errorBody, SidecarError } from './errors';
import { ConcurrencyLimiter } from './limiter';
import { jsonLogger, type Logger } from './log';
import { resolveFfmpeg } from './media/ffmpeg';
import type { BinaryInfo } from './media/resolve-binary';
import { resolveEspeak } from './media/speech';
import { requireSecret } from './middleware/secret';
import { healthRoutes } from './routes/health';
import { processRoutes } from './routes/process';
import { speakRoutes } from './routes/speak';

/** Optional collaborators; defaults are the production ones. */
export interface SidecarDeps {
  logger?: Logger;
  /** Replaces the engines built from `config.asrEngines` (tests of selection/queueing). */
  engines?: Transcriber[];
}

/** The assembled sidecar. */
export interface Sidecar {
  app: Hono;
  selector: TranscriberSelector;
  limiter: ConcurrencyLimiter;
  ffmpeg: BinaryInfo;
  /** Settles when every engine has finished loading or failed to. */
  enginesSettled: Promise<void>;
}

/** How each engine is made from the configuration. */
const ENGINE_FACTORIES: Record<AsrEngine, (config: SidecarConfig) => Transcriber> = {
  whisper: (config) => new WhisperTranscriber(config.whisper),
  pocketsphinx: (config) => new PocketsphinxTranscriber(config.pocketsphinx),
  fake: (config) => new FakeTranscriber(config.fake),
};

/** Builds the configured engines in their fallback order. */
export function buildEngines(config: SidecarConfig): Transcriber[] {
  return config.asrEngines.map((name) => ENGINE_FACTORIES[name](config));
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Creates the sidecar and starts loading its engines in the background. */
export function createApp(config: SidecarConfig, deps: SidecarDeps = {}): Sidecar {
  const logger = deps.logger ?? jsonLogger;
  const ffmpeg = resolveFfmpeg(config.ffmpegPath);
  if (!ffmpeg.path) logger.error('ffmpeg_unavailable', { error: ffmpeg.error });
  const selector = new TranscriberSelector(deps.engines ?? buildEngines(config), logger);
  const limiter = new ConcurrencyLimiter(config.maxConcurrency, config.maxQueue);
  const enginesSettled = selector.start();

  const app = new Hono();
  app.use(requireSecret(config.secret, ['/healthz']));
  app.route('/', healthRoutes(config, selector, limiter, ffmpeg));
  app.route('/', processRoutes({ config, selector, limiter, ffmpegPath: ffmpeg.path, logger }));
  const espeak = resolveEspeak(config.espeakPath);
  app.route(
    '/',
    speakRoutes({ config, limiter, espeakPath: espeak.path, ffmpegPath: ffmpeg.path }),
  );
  app.notFound(() => {
    throw new SidecarError('NOT_FOUND', 'No such route');
  });
  app.onError((err, c) => {
    const e = asSidecarError(err);
    const header = c.req.header('x-request-id');
    const requestId = header && REQUEST_ID.test(header) ? header : undefined;
    if (e.code === 'INTERNAL') {
      logger.error('internal_error', { path: c.req.path, error: describeError(e.cause ?? err) });
    } else if (e.status >= 500) {
      logger.warn('request_failed', { path: c.req.path, code: e.code });
    }
    if (e.retryAfterS !== undefined) c.header('Retry-After', String(e.retryAfterS));
    return c.json(errorBody(e, requestId), e.status as ContentfulStatusCode);
  });
  return { app, selector, limiter, ffmpeg, enginesSettled };
}

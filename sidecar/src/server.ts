/**
 * Entry point: `npm run sidecar`. Reads the config once (exits naming the bad variable),
 * loads the engines, and only then listens on SIDECAR_HOST:SIDECAR_PORT (127.0.0.1:8788 by
 * default): see serve.ts for why the port opens last.
 */
import { ConfigError, loadConfig } from './config';
import { describeError } from './errors';
import type { Listening } from './listen';
import { jsonLogger } from './log';
import { healthSnapshot } from './routes/health';
import { serveWhenReady } from './serve';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let server: Listening | undefined;
  const shutdown = (signal: string): void => {
    jsonLogger.info('sidecar_stopping', { signal });
    // Still loading engines: nothing is listening and nothing is in flight.
    if (!server) process.exit(0);
    void server.close().then(() => process.exit(0));
    // Don't wait forever for long transcriptions on shutdown.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  jsonLogger.info('sidecar_loading_engines', { engines: config.asrEngines });
  const serving = await serveWhenReady(config, { logger: jsonLogger });
  server = serving.server;
  const { selector, limiter, ffmpeg } = serving.sidecar;
  const h = healthSnapshot(config, selector, limiter, ffmpeg);
  jsonLogger.info('sidecar_listening', {
    url: server.url,
    // Open = no X-Sidecar-Secret check (local development only; production refuses to start).
    open: config.secret === undefined,
    status: h.status,
    engine: h.engine?.name ?? null,
    engines: h.engines.map((e) => `${e.name}:${e.state}`),
  });
}

// A stray rejection must never take the whole sidecar down.
process.on('unhandledRejection', (err) => {
  jsonLogger.error('unhandled_rejection', { error: describeError(err) });
});

main().catch((err: unknown) => {
  jsonLogger.error('sidecar_start_failed', { error: describeError(err) });
  process.exit(1);
});

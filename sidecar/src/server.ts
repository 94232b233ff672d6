/**
 * Entry point: `npm run sidecar`. Reads the config once (exits naming the bad variable),
 * starts loading engines, listens on SIDECAR_HOST:SIDECAR_PORT (127.0.0.1:8788 by default).
 */
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { describeError } from './errors';
import { listen } from './listen';
import { jsonLogger } from './log';
import { healthSnapshot } from './routes/health';

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
  const sidecar = createApp(config, { logger: jsonLogger });
  const server = await listen(sidecar.app, config.port, config.host);
  jsonLogger.info('sidecar_listening', {
    url: server.url,
    secret_required: config.secret !== undefined,
    engines: config.asrEngines,
  });
  void sidecar.enginesSettled.then(() => {
    const h = healthSnapshot(config, sidecar.selector, sidecar.limiter, sidecar.ffmpeg);
    jsonLogger.info('sidecar_engines_settled', {
      status: h.status,
      engine: h.engine?.name ?? null,
    });
  });
  const shutdown = (signal: string): void => {
    jsonLogger.info('sidecar_stopping', { signal });
    void server.close().then(() => process.exit(0));
    // Don't wait forever for long transcriptions on shutdown.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

// A stray rejection must never take the whole sidecar down.
process.on('unhandledRejection', (err) => {
  jsonLogger.error('unhandled_rejection', { error: describeError(err) });
});

main().catch((err: unknown) => {
  jsonLogger.error('sidecar_start_failed', { error: describeError(err) });
  process.exit(1);
});

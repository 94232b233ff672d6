/**
 * Starts the sidecar the way production runs it: engines first, then the port. Cloudflare's
 * Container class counts a container as started as soon as anything answers on its port (any
 * HTTP status will do), so a port opened before the engines finish loading would let the first
 * calls in while Whisper is still loading (answered 503 ASR_LOADING, or transcribed by the
 * fallback engine). Opening the port last makes "listening" mean "ready".
 */
import { createApp, type Sidecar, type SidecarDeps } from './app';
import type { SidecarConfig } from './config';
import { type Listening, listen } from './listen';

/** A sidecar whose engines have settled and which now listens. */
export interface ServingSidecar {
  sidecar: Sidecar;
  server: Listening;
}

/**
 * Builds the sidecar, waits until every engine has loaded or failed to (each bounded by its
 * own load timeout, e.g. `WHISPER_LOAD_TIMEOUT_MS`), and only then listens on
 * `config.host:config.port`.
 */
export async function serveWhenReady(
  config: SidecarConfig,
  deps: SidecarDeps = {},
): Promise<ServingSidecar> {
  const sidecar = createApp(config, deps);
  await sidecar.enginesSettled;
  const server = await listen(sidecar.app, config.port, config.host);
  return { sidecar, server };
}

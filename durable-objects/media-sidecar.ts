import { Container } from '@cloudflare/containers';
import type { SidecarErrorBody } from '#core/schemas/sidecar-protocol';
import { containerEnv, readyTimeoutMs, SIDECAR_CONTAINER_PORT } from './media-sidecar-env';

/**
 * The media sidecar as a Cloudflare Container (image from `sidecar/Dockerfile`), one instance
 * per name: the Worker's media pool routes over `SIDECAR_POOL_SIZE` of them (`sidecar-0` …,
 * `worker/services/sidecar-for.ts` and `sidecar-pool.ts`). Locally `SIDECAR_URL(S)` is used
 * and this class is never started.
 *
 * Its environment comes from the Worker's (`SIDECAR_SECRET` and the `SIDECAR_*` settings, see
 * media-sidecar-env.ts), read when the container starts.
 */
export class MediaSidecar extends Container<Env> {
  override defaultPort = SIDECAR_CONTAINER_PORT;
  override sleepAfter = '10m';
  override envVars = containerEnv(this.env);

  /**
   * Starts the container with a readiness budget that covers loading Whisper. The library's
   * own start waits 20 s for the port; the sidecar opens its port only after its engines have
   * loaded, so a larger model would otherwise fail every cold start. A request that arrives
   * while the container is already healthy goes straight through.
   */
  override async fetch(request: Request): Promise<Response> {
    const state = await this.getState();
    if (!this.ctx.container?.running || state.status !== 'healthy') {
      try {
        await this.startAndWaitForPorts({
          ports: SIDECAR_CONTAINER_PORT,
          cancellationOptions: {
            portReadyTimeoutMS: readyTimeoutMs(this.envVars ?? {}),
            abort: request.signal,
          },
        });
      } catch (error) {
        return notReady(error);
      }
    }
    return super.fetch(request);
  }
}

/**
 * The sidecar's own error envelope, so the Worker's client reads a cold start that did not
 * finish as a retryable `ASR_LOADING` rather than an unexplained 500.
 */
function notReady(error: unknown): Response {
  const reason = error instanceof Error ? error.message : String(error);
  const body: SidecarErrorBody = {
    error: {
      code: 'ASR_LOADING',
      message: `The media sidecar container did not become ready: ${reason.slice(0, 200)}`,
      retryable: true,
    },
  };
  return Response.json(body, { status: 503, headers: { 'Retry-After': '5' } });
}

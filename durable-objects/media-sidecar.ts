import { Container } from '@cloudflare/containers';

/**
 * The media sidecar as a Cloudflare Container (image from `sidecar/Dockerfile`). The Worker
 * reaches it only through `worker/services/sidecar-client.ts`; locally `SIDECAR_URL` is used
 * and this class is never started.
 */
export class MediaSidecar extends Container<Env> {
  override defaultPort = 8788;
  override sleepAfter = '10m';
  override envVars = { SIDECAR_HOST: '0.0.0.0', SIDECAR_PORT: '8788' };
}

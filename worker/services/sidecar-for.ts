import { getContainer } from '@cloudflare/containers';
import type { AppConfig } from '../config';
import {
  createSidecarClient,
  localSidecarPool,
  noSidecar,
  poolInstanceName,
  type SidecarClient,
} from './sidecar-client';
import { createSidecarPool, type PoolMember } from './sidecar-pool';

/**
 * The sidecar client for a configuration, kept apart from sidecar-client.ts because the
 * containers library loads only inside workerd (tests in Node use `localSidecarPool`).
 */

/**
 * A pool over the local processes when `SIDECAR_URL(S)` is set; otherwise over
 * `SIDECAR_POOL_SIZE` named instances of the container binding (production), each its own
 * container, `sidecar-0` … `sidecar-<n-1>`.
 */
export function sidecarClientFor(
  config: AppConfig['sidecar'],
  container: DurableObjectNamespace | undefined,
): SidecarClient {
  if (config.urls.length > 0) return localSidecarPool(config.urls, config.secret);
  if (!container) return noSidecar();
  const namespace = container as Parameters<typeof getContainer>[0];
  const members: PoolMember[] = Array.from({ length: config.poolSize }, (_, i) => {
    const name = poolInstanceName(i);
    return {
      name,
      client: createSidecarClient(
        'http://sidecar',
        (req) => getContainer(namespace, name).fetch(req),
        config.secret,
      ),
    };
  });
  return createSidecarPool(members);
}

import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is a plain token (so ids can
 * be traced across systems), a fresh UUID otherwise. It is echoed in the response header and
 * in every error envelope. Also notes when the request arrived, for `processing_time_ms`.
 */
export function requestId() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('receivedAt', performance.now());
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  });
}

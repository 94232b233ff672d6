/**
 * Shared-secret guard between the Worker and the sidecar. When SIDECAR_SECRET is set, every
 * route but /healthz needs `X-Sidecar-Secret`. Compared in constant time over SHA-256 digests
 * so neither the content nor the length of the secret leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { SidecarError } from '../errors';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time string equality. */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Middleware factory; a no-op when `secret` is undefined (local development). */
export function requireSecret(secret: string | undefined, openPaths: readonly string[]) {
  return createMiddleware(async (c, next) => {
    if (secret === undefined || openPaths.includes(c.req.path)) return next();
    const given = c.req.header('x-sidecar-secret');
    if (given === undefined || !secretsEqual(given, secret)) {
      throw new SidecarError('UNAUTHORIZED', 'Missing or invalid X-Sidecar-Secret');
    }
    return next();
  });
}

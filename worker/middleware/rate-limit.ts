import { createMiddleware } from 'hono/factory';
import type { RateLimitedGroup } from '../config';
import type { AppEnv } from '../env';

/**
 * Counts the request against the caller's limit for `group` (after `requireRole`, which sets
 * the caller); a full bucket answers 429 RATE_LIMITED with `Retry-After`.
 */
export function rateLimit(group: RateLimitedGroup) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await c.var.services.rateLimits.take(group, c.var.caller, c.req.raw.headers);
    await next();
  });
}

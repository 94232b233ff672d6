import { cors as honoCors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/** CORS with the origins from `CORS_ORIGINS` ("*" or a comma-separated list). */
export function cors() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const allowed = c.var.config.corsOrigins;
    const handler = honoCors({
      origin: allowed === '*' ? '*' : (origin) => (allowed.includes(origin) ? origin : null),
      allowHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id', 'x-orgid'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
    return handler(c, next);
  });
}

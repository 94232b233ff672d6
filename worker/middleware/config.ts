import { createMiddleware } from 'hono/factory';
import { loadConfig } from '../config';
import type { AppEnv } from '../env';

/** Validates the configuration (once per env) and exposes it as `c.var.config`. */
export function config() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('config', loadConfig(c.env as unknown as Record<string, unknown>));
    await next();
  });
}

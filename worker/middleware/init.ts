import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { type Services, servicesFor } from '../services';

/** Where the app gets its services from: built once per env (tests may pass their own). */
export type ServicesProvider = (env: Env) => Services;

/**
 * Builds the services from the validated configuration (once per env) and exposes them as
 * `c.var.services`, the configuration as `c.var.config`, and a logger that tags every line
 * with the request id as `c.var.logger`.
 */
export function init(provide: ServicesProvider = servicesFor) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const services = provide(c.env);
    c.set('services', services);
    c.set('config', services.config);
    c.set('logger', services.logger.child({ request_id: c.var.requestId }));
    await next();
  });
}

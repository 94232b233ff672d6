import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { servicesFor } from '../services';

/**
 * Builds the services from the validated configuration (once per env) and exposes them as
 * `c.var.services`, the configuration as `c.var.config`, and a logger that tags every line
 * with the request id as `c.var.logger`.
 */
export function init() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const services = servicesFor(c.env);
    c.set('services', services);
    c.set('config', services.config);
    c.set('logger', services.logger.child({ request_id: c.var.requestId }));
    await next();
  });
}

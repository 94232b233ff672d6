import { createMiddleware } from 'hono/factory';
import { createLogger } from '#core/log';
import { ConfigError } from '../config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { type Services, servicesFor } from '../services';

/** Where the app gets its services from: built once per env (tests may pass their own). */
export type ServicesProvider = (env: Env) => Services;

/** Env objects whose configuration problems were logged already. */
const reported = new WeakSet<object>();

/**
 * Builds the services from the validated configuration (once per env) and exposes them as
 * `c.var.services`, the configuration as `c.var.config`, and a logger that tags every line
 * with the request id as `c.var.logger`.
 *
 * A Worker with a bad configuration does not start (worker/config/startup.ts), so this only
 * meets one when it is handed an env other than the isolate's (tests, an embedding). Then
 * every request is answered 503 `CONFIG_INVALID` naming the variables (never a value), and
 * the problems are logged once per env rather than once per request.
 */
export function init(provide: ServicesProvider = servicesFor) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let services: Services;
    try {
      services = provide(c.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (!reported.has(c.env)) {
        reported.add(c.env);
        createLogger().error('config_invalid', { problems: error.message });
      }
      const names = [...new Set(error.problems.map((p) => p.variable))].join(', ');
      throw new ApiError('CONFIG_INVALID', `the service is misconfigured: ${names}`, {
        retryAfter: 60,
      });
    }
    c.set('services', services);
    c.set('config', services.config);
    c.set('logger', services.logger.child({ request_id: c.var.requestId }));
    await next();
  });
}

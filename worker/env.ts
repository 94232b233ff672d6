import type { Logger } from '#core/log';
import type { AppConfig } from './config';
import type { Services } from './services';
import type { Caller, Identity } from './services/auth/caller';

/** Hono environment: bindings from `wrangler types`, plus the typed context variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** `performance.now()` when the request arrived (set by `requestId()`). */
    receivedAt: number;
    services: Services;
    /** The same object as `services.config`, for brevity. */
    config: AppConfig;
    /** The services' logger with this request's id bound. */
    logger: Logger;
    /** Who presented which credentials (set by `authenticate()`). */
    identity: Identity;
    /** The organisation and role a request acts with (set by `requireRole()`). */
    caller: Caller;
  };
};

import type { AppConfig } from './config';
import type { Caller } from './middleware/auth';
import type { Services } from './services';
import type { Logger } from './services/logger';

/** Hono environment: bindings from `wrangler types`, plus the typed context variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    services: Services;
    /** The same object as `services.config`, for brevity. */
    config: AppConfig;
    /** The services' logger with this request's id bound. */
    logger: Logger;
    caller: Caller;
  };
};

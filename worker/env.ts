import type { AppConfig } from './config';
import type { Caller } from './middleware/auth';

/** Hono environment: bindings from `wrangler types`, plus the typed context variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: AppConfig;
    caller: Caller;
  };
};

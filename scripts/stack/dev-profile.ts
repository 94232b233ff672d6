import { randomBytes } from 'node:crypto';
import type { VariableName } from '../../worker/config';

/**
 * The development profile. `wrangler.toml` is the production profile (a plain `wrangler
 * deploy` of it cannot serve an open API), so every local run — `npm start`, the e2e stack,
 * the bench and the workers test project — sets these over it. docs/configuration.md lists
 * them (generated from here).
 */
export const DEVELOPMENT_VARS = {
  ENVIRONMENT: 'development',
  // The open console and CallShield clients work without credentials; credentials that are
  // sent are still checked. `AUTH_MODE=on npm start` to require them.
  AUTH_MODE: 'off',
  CORS_ORIGINS: '*',
  // Local webhook receivers (loopback, http).
  WEBHOOK_ALLOW_LOCAL_URLS: 'true',
} as const satisfies Partial<Record<VariableName, string>>;

/** What the workers test project sets over the development profile. */
export const TEST_VARS = {
  ...DEVELOPMENT_VARS,
  ENVIRONMENT: 'test',
} as const satisfies Partial<Record<VariableName, string>>;

/**
 * The signing keys of one local run, made when it starts: a production Worker refuses to start
 * without them, and a local one gets fresh ones rather than a key anybody could read here.
 */
export function localSigningSecrets(): Record<
  'TICKET_SECRET' | 'STORAGE_SIGNING_SECRET' | 'CALLER_HASH_KEY',
  string
> {
  return {
    TICKET_SECRET: randomBytes(32).toString('hex'),
    STORAGE_SIGNING_SECRET: randomBytes(32).toString('hex'),
    // Callers' history lasts one run, like the data of a fresh local stack.
    CALLER_HASH_KEY: randomBytes(32).toString('hex'),
  };
}

import { DEVELOPMENT_VARS } from '../../scripts/stack/dev-profile';

/** A Supabase project's settings, as the configuration wants them. */
export const SUPABASE = {
  SUPABASE_URL: 'https://project.supabase.example',
  SUPABASE_ANON_KEY: 'a'.repeat(40),
  SUPABASE_SERVICE_ROLE_KEY: 'x'.repeat(40),
  SUPABASE_JWT_SECRET: 'j'.repeat(32),
};

const SIGNING = {
  TICKET_SECRET: 't'.repeat(32),
  STORAGE_SIGNING_SECRET: 's'.repeat(32),
  CALLER_HASH_KEY: 'h'.repeat(32),
};

/** A complete production configuration: every check passes. */
export const PRODUCTION: Readonly<Record<string, string>> = {
  ENVIRONMENT: 'production',
  AUTH_MODE: 'on',
  PUBLIC_BASE_URL: 'https://edge.example.com',
  CORS_ORIGINS: 'https://app.example.com',
  SIDECAR_SECRET: 'c'.repeat(16),
  ...SIGNING,
  ...SUPABASE,
};

/** The development profile as `npm start` sets it, without Supabase (auth off). */
export const DEVELOPMENT: Readonly<Record<string, string>> = {
  ...DEVELOPMENT_VARS,
  PUBLIC_BASE_URL: 'http://127.0.0.1:8787',
  ...SIGNING,
};

/** `env` without `names`. */
export function without(env: Readonly<Record<string, string>>, ...names: string[]) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

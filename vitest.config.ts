import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { buildConsole } from './scripts/build-console';
import { TEST_VARS } from './scripts/stack/dev-profile';
import { projectKeys } from './scripts/stack/supabase/keys';
import { vendorApiReference } from './scripts/vendor-api-reference';
import { TEST_SIDECAR } from './test/durable-objects/sidecar-setup';
import { GLOBAL_SETUPS } from './test/global-setups';
import { WORKERS_SUPABASE } from './test/supabase-ports';

/**
 * Test projects:
 * - `node`: pure core, sidecar, engines and command-line tools, in Node.
 * - `workers`: Worker routes, queue consumers and Durable Objects inside workerd (miniflare),
 *   against the real sidecar and a real local Supabase (both started by its global setups):
 *   the `*.workerd.test.ts` files.
 * - `db`: migrations and row-level security against a real local Supabase (embedded Postgres
 *   + PostgREST + the `/rest/v1` gateway), started once by its global setup.
 * - `e2e`: the real local stack (wrangler dev + sidecar + ffmpeg + pocketsphinx) and browser
 *   tests in Debian's Chromium.
 *
 * Each project's global setups are listed in test/global-setups.ts; test/run-setup.ts comes
 * first everywhere, so that an interrupted run stops what it started and leaves no temp files.
 * docs/testing.md says which tests use real speech recognition and why, and how to run part.
 */
/**
 * The files that run inside workerd: `*.workerd.test.ts`, so a file's name says where it runs
 * (every other `*.test.ts` runs in Node).
 */
const WORKERD_TESTS = ['test/**/*.workerd.test.ts'];

/** The workers project's webhook retry schedule (`WEBHOOK_RETRY_SCHEDULE`): eight attempts in ~17 s. */
const WORKERS_WEBHOOK_SCHEDULE = '1s,1s,2s,2s,3s,3s,5s';

// The workers project serves worker/public through miniflare, which runs no custom build, so
// the console's bundles are built here, once per run (wrangler dev builds them itself for e2e).
// The same holds for the API reference bundles (Scalar, ReDoc), copied out of node_modules.
// `npm test` (scripts/test.ts) builds them once before its two vitest runs, and says so.
if (process.env.CALLSHIELD_TEST_ASSETS_BUILT !== '1') {
  await buildConsole();
  await vendorApiReference();
}

// The anon and service-role keys are a pure function of the JWT secret, so the Worker's
// bindings can name them before the global setup starts the database.
const supabaseKeys = await projectKeys(WORKERS_SUPABASE.jwtSecret);

export default defineConfig({
  test: {
    // Three test files at a time, whatever the core count (vitest's default is one fewer than
    // the cores: one on 2 cores). Most of a workers or db file's time is spent waiting on the
    // sidecar, Postgres or a real-time clock, not on a core, so three overlap well on two.
    // The e2e project still runs its files one at a time (fileParallelism below).
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...WORKERD_TESTS, 'test/e2e/**', 'test/db/**', '**/node_modules/**'],
          globalSetup: [...GLOBAL_SETUPS.node],
          testTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // wrangler.toml is the production profile: the tests run the test profile over it.
              bindings: {
                ...TEST_VARS,
                TICKET_SECRET: 'workers-test-ticket-secret-0123456789abcdef',
                STORAGE_SIGNING_SECRET: 'workers-test-storage-signing-secret-0123456',
                CALLER_HASH_KEY: 'workers-test-caller-hash-key-0123456789abcdef',
                SIDECAR_URL: `http://127.0.0.1:${TEST_SIDECAR.proxyPort}`,
                SIDECAR_SECRET: TEST_SIDECAR.secret,
                PUBLIC_BASE_URL: `http://127.0.0.1:${TEST_SIDECAR.publicSinkPort}`,
                SUPABASE_URL: `http://127.0.0.1:${WORKERS_SUPABASE.main.port}`,
                SUPABASE_ANON_KEY: supabaseKeys.anonKey,
                SUPABASE_SERVICE_ROLE_KEY: supabaseKeys.serviceRoleKey,
                SUPABASE_JWT_SECRET: WORKERS_SUPABASE.jwtSecret,
                // Tests send hundreds of analyses from one address; the rate-limit tests set
                // their own limits (and clock) through testApp.
                RATE_LIMIT_TEXT: 'off',
                RATE_LIMIT_AUDIO: 'off',
                RATE_LIMIT_STREAMS: 'off',
                // Retries come seconds apart, so the queue's real delaySeconds drive them
                // without waiting minutes (the profile lets webhooks reach the local receivers).
                WEBHOOK_RETRY_SCHEDULE: WORKERS_WEBHOOK_SCHEDULE,
                WEBHOOK_TIMEOUT_MS: '3000',
                INTEGRATION_SECRETS_KEY: 'workers-test-integration-secrets-key-0123',
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          globalSetup: [...GLOBAL_SETUPS.workers],
          // One workerd per pool worker, kept from file to file: starting a fresh one (and
          // loading the Worker's modules into it) for each of ~50 files cost most of the run.
          isolate: false,
          include: WORKERD_TESTS,
          // Some speech goes through real pocketsphinx (test/durable-objects/fault-proxy.ts):
          // seconds a chunk on 2 cores.
          testTimeout: 180_000,
          // Hooks create organisations through the API, and may start the spare database.
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'db',
          environment: 'node',
          include: ['test/db/**/*.test.ts'],
          globalSetup: [...GLOBAL_SETUPS.db],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [...GLOBAL_SETUPS.e2e],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

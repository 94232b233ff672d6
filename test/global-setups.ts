/**
 * Each test project's global setups, in the order vitest runs them (paths from the repository
 * root). vitest.config.ts reads them from here, and so does the interrupted-run test
 * (test/scripts/interrupted-run.test.ts), which starts exactly what a project starts without
 * loading the whole config. This file imports nothing.
 */

/** First in every project: an interrupted or dying run stops what it started (see the file). */
const RUN_SETUP = 'test/run-setup.ts';

export const GLOBAL_SETUPS = {
  node: [RUN_SETUP],
  workers: [
    RUN_SETUP,
    'test/durable-objects/sidecar-setup.ts',
    'test/worker/supabase-setup.ts',
    'test/worker/s3rver-setup.ts',
    'test/worker/webhook-receivers-setup.ts',
  ],
  db: [RUN_SETUP, 'test/db/supabase-setup.ts'],
  e2e: [RUN_SETUP, 'test/e2e/global-setup.ts'],
} as const;

/** A test project. */
export type SetupProject = keyof typeof GLOBAL_SETUPS;

/**
 * Where the test projects run their local Supabase instances. `TEST_SUPABASE_PORT` (default
 * 8840) moves all of them, `+0` to `+12`, so two checkouts can test at once; `E2E_SUPABASE_PORT`
 * (default 8860, `+0` to `+3`) moves the e2e stack's. This file imports nothing heavy, so
 * vitest.config.ts can read it.
 */
const BASE_PORT = Number(process.env.TEST_SUPABASE_PORT ?? 8840);
const E2E_BASE_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 8860);

/** One JWT secret for every test instance, so a Worker's bindings can know it up front. */
export const TEST_JWT_SECRET = 'callshield-test-jwt-secret-with-more-than-32-chars';

/** The `db` project's instance, and three spare ports for its restart test. */
export const TEST_SUPABASE = {
  dbPort: BASE_PORT,
  postgrestPort: BASE_PORT + 1,
  port: BASE_PORT + 2,
  /** Three more ports for tests that run a second, private instance. */
  spareBasePort: BASE_PORT + 3,
  jwtSecret: TEST_JWT_SECRET,
} as const;

/**
 * The `workers` project's instances: `main`, which the Worker's bindings name, and `spare`, a
 * second one a test may stop and start without disturbing tests running beside it. A small
 * control server (test/fixtures/supabase-control.ts) lets tests inside workerd drive them.
 */
export const WORKERS_SUPABASE = {
  main: { dbPort: BASE_PORT + 6, postgrestPort: BASE_PORT + 7, port: BASE_PORT + 8 },
  spare: { dbPort: BASE_PORT + 10, postgrestPort: BASE_PORT + 11, port: BASE_PORT + 12 },
  controlPort: BASE_PORT + 9,
  jwtSecret: TEST_JWT_SECRET,
} as const;

/** The e2e stack's instance, and the control server its fault test uses. */
export const E2E_SUPABASE = {
  port: E2E_BASE_PORT,
  dbPort: E2E_BASE_PORT + 1,
  postgrestPort: E2E_BASE_PORT + 2,
  controlPort: E2E_BASE_PORT + 3,
  jwtSecret: TEST_JWT_SECRET,
} as const;

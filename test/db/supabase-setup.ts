import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSupabase } from '../../scripts/stack/supabase/supabase';

import { TEST_SUPABASE } from '../supabase-ports';

export { TEST_SUPABASE };

/** What the tests get through `inject('supabase')`. */
export interface TestSupabase {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Superuser connection string (bypasses RLS): for setting up users and checking rows. */
  dbUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    supabase: TestSupabase;
  }
}

/** A folder Postgres (running as the `postgres` user when we are root) may enter. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/**
 * Starts one throwaway local Supabase (real Postgres + PostgREST + the `/rest/v1` gateway,
 * every migration applied) in a temporary folder for the whole test run.
 */
export default async function setup(project: TestProject) {
  const dir = await tempDir('callshield-db-');
  const supabase = await startSupabase({
    dir,
    port: TEST_SUPABASE.port,
    dbPort: TEST_SUPABASE.dbPort,
    postgrestPort: TEST_SUPABASE.postgrestPort,
    jwtSecret: TEST_SUPABASE.jwtSecret,
    throwaway: true,
  });
  project.provide('supabase', {
    url: supabase.url,
    anonKey: supabase.anonKey,
    serviceRoleKey: supabase.serviceRoleKey,
    jwtSecret: supabase.jwtSecret,
    dbUrl: supabase.dbUrl,
  });
  return async () => {
    await supabase.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startSupabase } from '../../scripts/stack/supabase/supabase';
import { tempDir } from '../db/supabase-setup';
import { startSupabaseControl } from '../fixtures/supabase-control';
import { WORKERS_SUPABASE } from '../supabase-ports';
import './supabase-provided';

/**
 * Starts the Worker tests' local Supabase (real Postgres + PostgREST + the `/rest/v1` gateway,
 * every migration applied) and the control server that lets tests inside workerd add users and
 * stop or start the spare instance. The spare starts when a test first asks for it.
 */
export default async function setup(project: TestProject) {
  const dirs: string[] = [];
  const starter = (ports: { dbPort: number; postgrestPort: number; port: number }) => async () => {
    const dir = await tempDir('callshield-workers-db-');
    dirs.push(dir);
    return startSupabase({ dir, ...ports, jwtSecret: WORKERS_SUPABASE.jwtSecret, throwaway: true });
  };
  const control = await startSupabaseControl(WORKERS_SUPABASE.controlPort, {
    main: starter(WORKERS_SUPABASE.main),
    spare: starter(WORKERS_SUPABASE.spare),
  });
  const main = await control.instance('main');
  project.provide('workersSupabase', {
    url: main.url,
    spareUrl: `http://127.0.0.1:${WORKERS_SUPABASE.spare.port}`,
    controlUrl: control.url,
    anonKey: main.anonKey,
    serviceRoleKey: main.serviceRoleKey,
    jwtSecret: main.jwtSecret,
  });
  return async () => {
    await control.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };
}

/** What the workerd tests get through `inject('workersSupabase')` (test/worker/supabase-setup.ts). */
export interface WorkersSupabase {
  /** The instance the Worker's bindings name (`SUPABASE_URL`). */
  url: string;
  /** A second instance with the same keys, for tests that stop and start its parts. */
  spareUrl: string;
  /** The control server (test/fixtures/supabase-control.ts). */
  controlUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    workersSupabase: WorkersSupabase;
  }
}

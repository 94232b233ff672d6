import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import type { SupabaseConfig } from '../config';
import { DbError } from './errors';

/**
 * The Worker's two ways into Supabase, both through `@supabase/supabase-js`:
 * - `asUser(token)` sends the caller's own access token, so row-level security is a second
 *   line of defence behind the Worker's own checks. Used wherever the caller is a user.
 * - `service` holds the service-role key and bypasses row-level security. Used only where no
 *   user token exists (API-key callers, key lookups, the queue writing analyses), always with
 *   an explicit organisation filter.
 */
export interface Database {
  service: SupabaseClient;
  asUser(accessToken: string): SupabaseClient;
}

/**
 * Every database request gives up after this long: a hung database must turn into a 503 (or a
 * queue retry), never a request that waits forever.
 */
export const DB_TIMEOUT_MS = 5_000;

const CLIENT_OPTIONS = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  db: { timeout: DB_TIMEOUT_MS },
} as const;

/** The clients for a configured project. */
export function databaseFor(config: SupabaseConfig): Database {
  return {
    service: createClient(config.url, config.serviceRoleKey, CLIENT_OPTIONS),
    asUser: (accessToken) =>
      createClient(config.url, config.anonKey, {
        ...CLIENT_OPTIONS,
        // Third-party-token mode: no auth client, the token goes out as the bearer.
        accessToken: async () => accessToken,
      }),
  };
}

/** A PostgREST request as supabase-js builds it (a query, an insert, an RPC). */
interface Query {
  retry(enabled: boolean): PromiseLike<{
    data: unknown;
    error: { code: string; message: string; hint: string; details: string } | null;
    status: number;
  }>;
}

/**
 * Runs a query once and parses what it returns with `schema`: rows are checked at the edge
 * like any other input. Throws `DbError` (errors.ts) on failure. supabase-js's own retries are
 * off: a read that can't be served is answered at once with 503, and the queue retries writes
 * with its own back-off.
 */
export async function run<S extends z.ZodType>(query: Query, schema: S): Promise<z.output<S>> {
  const { data, error, status } = await query.retry(false);
  if (error) throw DbError.from(error, status);
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new DbError('internal', 'the database answered with an unexpected shape', {
      cause: parsed.error,
    });
  return parsed.data;
}

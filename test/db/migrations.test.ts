import { randomBytes } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VERDICTS } from '#core/thresholds';
import {
  applyLocalBootstrap,
  listMigrations,
  MIGRATIONS_DIR,
  MigrationDriftError,
  migrate,
  migrationChecksum,
} from '../../scripts/stack/supabase/migrate';
import { ROLES } from '../../worker/db/organization-members';
import { withDb } from './clients';
import { tempDir } from './supabase-setup';

/** The migrations from zero on an empty database, and the runner's guarantees. */

const database = `migrations_${randomBytes(4).toString('hex')}`;
let db: pg.Client;
const scratchDirs: string[] = [];
const scratchDir = async () => {
  const dir = await tempDir('callshield-migrations-');
  scratchDirs.push(dir);
  return dir;
};

beforeAll(async () => {
  await withDb((admin) => admin.query(`create database ${database}`));
  db = new pg.Client({
    connectionString: inject('supabase').dbUrl.replace(/\/postgres$/, `/${database}`),
  });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await withDb((admin) => admin.query(`drop database if exists ${database} with (force)`));
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('from an empty database', () => {
  it('applies every migration once, in order, and records each', async () => {
    const files = await listMigrations();
    expect(files.length).toBeGreaterThan(0);
    await applyLocalBootstrap(db);
    expect(await migrate(db)).toEqual(files.map((f) => f.version));
    expect(await migrate(db)).toEqual([]);
    const history = await db.query(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(history.rows).toEqual(files.map((f) => ({ version: f.version, name: f.name })));
  });

  it('leaves row-level security on for every table in public', async () => {
    const tables = await db.query<{ name: string; rls: boolean }>(
      `select relname as name, relrowsecurity as rls from pg_class
       where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by relname`,
    );
    expect(tables.rows.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'api_keys',
        'call_analyses',
        'caller_numbers',
        'campaign_hourly_counts',
        'campaigns',
        'integrations',
        'organization_invitations',
        'organization_members',
        'organizations',
        'shared_caller_numbers',
        'shared_campaigns',
        'webhook_attempts',
        'webhook_deliveries',
        'webhook_events',
      ]),
    );
    expect(tables.rows.filter((t) => !t.rls)).toEqual([]);
  });

  it('grants anon nothing on any table, whatever Supabase grants by default', async () => {
    const granted = await db.query(
      `select c.relname from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v')
         and (has_table_privilege('anon', c.oid, 'select, insert, update, delete')
           or has_any_column_privilege('anon', c.oid, 'select, insert, update'))`,
    );
    expect(granted.rows).toEqual([]);
  });

  it('fixes the search_path of every SECURITY DEFINER function', async () => {
    const loose = await db.query(
      `select p.oid::regprocedure::text as fn from pg_proc p
       where p.prosecdef and p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
         and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')`,
    );
    expect(loose.rows).toEqual([]);
  });

  it('names verdicts exactly as the scorer does', async () => {
    const labels = await db.query<{ label: string }>(
      `select enumlabel as label from pg_enum where enumtypid = 'public.verdict'::regtype
       order by enumsortorder`,
    );
    expect(labels.rows.map((r) => r.label)).toEqual([...VERDICTS]);
  });

  it('orders member roles exactly as the Worker does', async () => {
    const labels = await db.query<{ label: string }>(
      `select enumlabel as label from pg_enum where enumtypid = 'public.member_role'::regtype
       order by enumsortorder`,
    );
    expect(labels.rows.map((r) => r.label)).toEqual([...ROLES]);
  });
});

describe('the runner', () => {
  it('rolls a failing migration back whole and stops', async () => {
    const dir = await scratchDir();
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await writeFile(
      join(dir, '29991231000000_broken.sql'),
      'create table public.half_done (id int);\nselect 1 / 0;\n',
    );
    await expect(migrate(db, dir)).rejects.toThrow(
      /29991231000000_broken failed: division by zero/,
    );
    const table = await db.query(`select to_regclass('public.half_done') as t`);
    expect(table.rows[0].t).toBeNull();
    const recorded = await db.query(
      `select 1 from supabase_migrations.schema_migrations where version = '29991231000000'`,
    );
    expect(recorded.rowCount).toBe(0);
  });

  it('refuses a file it would never apply', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 'add_things.sql'), 'select 1;');
    await expect(listMigrations(dir)).rejects.toThrow(/YYYYMMDDHHMMSS_name\.sql/);
  });
});

describe('checksums', () => {
  const checksums = async () =>
    (
      await db.query<{ version: string; sha256: string; recorded_when: string }>(
        'select version, sha256, recorded_when from supabase_migrations.migration_checksums order by version',
      )
    ).rows;

  it('records the sha256 of every migration as it is applied', async () => {
    const files = await listMigrations();
    const expected = await Promise.all(
      files.map(async (f) => ({
        version: f.version,
        sha256: migrationChecksum(await readFile(f.path, 'utf8')),
        recorded_when: 'applied',
      })),
    );
    expect(await checksums()).toEqual(expected);
  });

  it('refuses an edited applied migration, naming it, and applies nothing after it', async () => {
    const dir = await scratchDir();
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await listMigrations(dir);
    if (!first) throw new Error('no migrations');
    await writeFile(first.path, `${await readFile(first.path, 'utf8')}\n-- an afterthought\n`);
    await writeFile(
      join(dir, '29991231000001_pending.sql'),
      'create table public.pending (id int);',
    );

    const refused = migrate(db, dir);
    await expect(refused).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(refused).rejects.toThrow(
      `${first.version}_${first.name}.sql: applied with sha256`,
    );
    await expect(refused).rejects.toThrow(/forward-only: restore the file/);
    const table = await db.query(`select to_regclass('public.pending') as t`);
    expect(table.rows[0].t).toBeNull();
  });

  it('reads a checkout with CRLF line ends as the same migrations', async () => {
    const dir = await scratchDir();
    for (const file of await listMigrations()) {
      const crlf = (await readFile(file.path, 'utf8')).replace(/\n/g, '\r\n');
      await writeFile(join(dir, `${file.version}_${file.name}.sql`), crlf);
    }
    expect(await migrate(db, dir)).toEqual([]);
  });

  it('records a checksum for a migration applied without one (the Supabase CLI), then holds it to it', async () => {
    const [first] = await listMigrations();
    if (!first) throw new Error('no migrations');
    // What a database looks like after `supabase db push`: a history row and no checksum.
    await db.query('delete from supabase_migrations.migration_checksums where version = $1', [
      first.version,
    ]);
    const seen: string[][] = [];
    expect(await migrate(db, MIGRATIONS_DIR, { onFirstSeen: (f) => seen.push(f) })).toEqual([]);
    expect(seen).toEqual([[`${first.version}_${first.name}.sql`]]);
    expect((await checksums()).find((c) => c.version === first.version)).toEqual({
      version: first.version,
      sha256: migrationChecksum(await readFile(first.path, 'utf8')),
      recorded_when: 'first_seen',
    });

    const dir = await scratchDir();
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await writeFile(join(dir, `${first.version}_${first.name}.sql`), 'select 1;');
    await expect(migrate(db, dir)).rejects.toBeInstanceOf(MigrationDriftError);
  });
});

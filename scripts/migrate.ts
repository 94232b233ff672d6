/**
 * `npm run db:migrate`: applies the pending migrations in `migrations/` to the database at
 * `DATABASE_URL` (a real Supabase project's connection string), recording them where the
 * Supabase CLI does, so `supabase db push` and this command agree on what is applied, and the
 * checksum of each beside it. It refuses to run when an applied migration was edited since,
 * and never applies the local-only bootstrap.
 *
 * TLS (scripts/db/connection.ts): give Supabase's CA with `DATABASE_CA_CERT=/path/to/ca.crt`
 * (or `sslrootcert=` in the URL) and the server is verified against it, host name included.
 */
import pg from 'pg';
import { connectionConfig, explainConnectError } from './db/connection';
import { MigrationDriftError, migrate } from './stack/supabase/migrate';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is not set (postgres://postgres.<ref>:PASSWORD@<host>:5432/postgres?sslmode=verify-full)',
    );
    return 2;
  }
  const plan = connectionConfig(url);
  const client = new pg.Client(plan.config);
  try {
    await client.connect();
  } catch (error) {
    console.error(explainConnectError(error, plan).message);
    return 1;
  }
  try {
    const applied = await migrate(client, undefined, {
      onFirstSeen: (files) =>
        console.log(
          `recorded the current checksum of ${files.length} migration(s) applied without one (by the Supabase CLI, psql or an older runner): ${files.join(', ')}`,
        ),
    });
    console.log(
      `${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'} (TLS: ${plan.tls})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MigrationDriftError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await client.end();
  }
}

process.exitCode = await main();

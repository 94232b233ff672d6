/**
 * `npm run db:migrate`: applies the pending migrations in `migrations/` to the database at
 * `DATABASE_URL` (a real Supabase project's connection string, e.g. the session pooler's with
 * `?sslmode=require`), recording them where the Supabase CLI does, so `supabase db push` and
 * this command agree on what is applied. It never applies the local-only bootstrap.
 */
import pg from 'pg';
import { migrate } from './stack/supabase/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (postgres://postgres:PASSWORD@HOST:5432/postgres)');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const applied = await migrate(client);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
} finally {
  await client.end();
}

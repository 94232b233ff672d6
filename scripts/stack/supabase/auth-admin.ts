/**
 * LOCAL ONLY: the part of Supabase Auth's (GoTrue's) admin API that `npm run bootstrap` uses,
 * over the local `auth.users` table, so supabase-js's `auth.admin` works against the local
 * Supabase exactly as against a real project:
 *
 * - `GET  /auth/v1/admin/users?page=&per_page=`: `{ users, aud }`, with `X-Total-Count`;
 * - `POST /auth/v1/invite` `{ email, data? }`: creates the user with `invited_at` set and
 *   answers it (a real project also emails the invitation; nothing is sent here);
 *   422 `email_exists` when the address already has an account.
 *
 * Like GoTrue, it wants a bearer JWT of the project whose `role` is `service_role` (401
 * without a valid one, 403 `not_admin` for any other role). Everything else under `/auth/v1`
 * is 404: sign-in, sign-up and tokens are not served locally (tests sign tokens themselves).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import type pg from 'pg';

/** What the auth stand-in needs. */
export interface AuthAdminOptions {
  /** The project's JWT secret (HS256), which signs the service-role key. */
  jwtSecret: string;
  /** A new, unconnected superuser client of the local database. */
  db: () => pg.Client;
}

/** The prefix supabase-js puts in front of every Auth path. */
export const AUTH_PREFIX = '/auth/v1';

const MAX_BODY = 64 * 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface UserRow {
  id: string;
  email: string | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  invited_at: Date | null;
  email_confirmed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A user as GoTrue's admin API shows it. */
function userJson(row: UserRow) {
  return {
    id: row.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: row.email ?? '',
    phone: '',
    email_confirmed_at: row.email_confirmed_at?.toISOString(),
    invited_at: row.invited_at?.toISOString(),
    app_metadata: { provider: 'email', providers: ['email'], ...row.raw_app_meta_data },
    user_metadata: row.raw_user_meta_data,
    identities: [],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    is_anonymous: false,
  };
}

/** GoTrue's error shape (`code` is the HTTP status; `error_code` what supabase-js reads). */
function fail(res: ServerResponse, status: number, errorCode: string, msg: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code: status, error_code: errorCode, msg }));
}

function ok(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The `role` claim of a valid project JWT in `Authorization`, or null. */
async function bearerRole(req: IncomingMessage, secret: Uint8Array): Promise<string | null> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}

async function withDb<T>(options: AuthAdminOptions, fn: (db: pg.Client) => Promise<T>) {
  const db = options.db();
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

const COLUMNS =
  'id, email, raw_app_meta_data, raw_user_meta_data, invited_at, email_confirmed_at, created_at, updated_at';

async function listUsers(options: AuthAdminOptions, url: URL, res: ServerResponse) {
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const perPage = Math.min(1000, Math.max(1, Number(url.searchParams.get('per_page')) || 50));
  const { rows, total } = await withDb(options, async (db) => {
    const list = await db.query<UserRow>(
      `select ${COLUMNS} from auth.users order by created_at, id limit $1 offset $2`,
      [perPage, (page - 1) * perPage],
    );
    const count = await db.query<{ n: string }>('select count(*) as n from auth.users');
    return { rows: list.rows, total: Number(count.rows[0]?.n ?? 0) };
  });
  ok(res, { users: rows.map(userJson), aud: 'authenticated' }, { 'x-total-count': String(total) });
}

async function invite(options: AuthAdminOptions, req: IncomingMessage, res: ServerResponse) {
  const body = await readJson(req);
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email))
    return fail(res, 400, 'validation_failed', 'Unable to validate email address: invalid format');
  const data = typeof body?.data === 'object' && body.data !== null ? body.data : {};
  const row = await withDb(options, (db) =>
    db
      .query<UserRow>(
        `insert into auth.users (email, raw_user_meta_data, invited_at) values ($1, $2, now())
         on conflict (email) do nothing returning ${COLUMNS}`,
        [email, data],
      )
      .then((r) => r.rows[0]),
  );
  if (!row) {
    return fail(
      res,
      422,
      'email_exists',
      'A user with this email address has already been registered',
    );
  }
  ok(res, userJson(row));
}

/**
 * Handles one request under `/auth/v1`; the gateway has already checked the `apikey`.
 */
export async function handleAuthAdmin(
  options: AuthAdminOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.slice(AUTH_PREFIX.length);
  const route = `${req.method} ${path}`;
  if (route !== 'GET /admin/users' && route !== 'POST /invite') {
    return fail(
      res,
      404,
      'not_found',
      'Not served by the local Supabase (admin users and invite only)',
    );
  }
  const role = await bearerRole(req, new TextEncoder().encode(options.jwtSecret));
  if (role === null)
    return fail(res, 401, 'bad_jwt', 'invalid JWT: unable to parse or verify signature');
  if (role !== 'service_role') return fail(res, 403, 'not_admin', 'User not allowed');
  if (route === 'GET /admin/users') return listUsers(options, url, res);
  return invite(options, req, res);
}

/**
 * `npm run db:migrate` over TLS against a real Postgres that accepts TLS connections only
 * (its pg_hba.conf has hostssl lines alone), with a certificate from a CA generated here by
 * openssl: as Supabase's are signed by Supabase's own CA. The command is run as npm runs it.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, chown, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionConfig, explainConnectError } from '../../scripts/db/connection';
import { applyLocalBootstrap, listMigrations } from '../../scripts/stack/supabase/migrate';
import { type PostgresServer, startPostgres } from '../../scripts/stack/supabase/postgres';
import { tempDir } from './supabase-setup';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

let dir: string;
let server: PostgresServer | undefined;
let port: number;
const password = randomBytes(12).toString('hex');
const path = (name: string) => join(dir, name);

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A CA, and a server certificate it signs for the name `localhost` only. */
async function makeCertificates(): Promise<void> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    await openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=CallShield test ${ca}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  }
  await openssl(
    'req',
    ...ecKey,
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  );
  await writeFile(
    path('server.ext'),
    'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  // Postgres wants its key private to the user it runs as (`postgres` when we are root).
  await chmod(path('server.key'), 0o600);
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    await chown(path('server.key'), Number(stdout.trim()), 0);
  }
}

const url = (host: string, query: string) =>
  `postgres://postgres:${password}@${host}:${port}/postgres${query}`;

/** `npm run db:migrate`'s script with this environment; its exit code and output. */
async function dbMigrate(env: Record<string, string>) {
  const child = spawn(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    [resolve(ROOT, 'scripts/migrate.ts')],
    {
      env: { ...process.env, DATABASE_CA_CERT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** Connects with db:migrate's own TLS decisions; resolves with whether the session is TLS. */
async function connectAs(target: string, env: Record<string, string> = {}): Promise<boolean> {
  const plan = connectionConfig(target, env);
  const client = new pg.Client(plan.config);
  try {
    await client.connect();
  } catch (error) {
    throw explainConnectError(error, plan);
  }
  try {
    const { rows } = await client.query<{ ssl: boolean }>(
      'select ssl from pg_stat_ssl where pid = pg_backend_pid()',
    );
    return rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await tempDir('callshield-tls-');
  await makeCertificates();
  await writeFile(
    path('pg_hba.conf'),
    'hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n',
  );
  await chmod(path('pg_hba.conf'), 0o644);
  port = await freePort();
  server = await startPostgres({
    dataDir: path('pgdata'),
    port,
    password,
    throwaway: true,
    settings: {
      ssl: 'on',
      ssl_cert_file: path('server.crt'),
      ssl_key_file: path('server.key'),
      hba_file: path('pg_hba.conf'),
    },
  });
  // What every Supabase project already has (roles, auth schema), as on the real thing.
  const admin = new pg.Client(
    connectionConfig(url('localhost', ''), { DATABASE_CA_CERT: path('ca.crt') }).config,
  );
  await admin.connect();
  try {
    await applyLocalBootstrap(admin);
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run db:migrate over TLS', () => {
  it('applies every migration with sslmode=require and DATABASE_CA_CERT, verifying the server', async () => {
    const env = {
      DATABASE_URL: url('localhost', '?sslmode=require'),
      DATABASE_CA_CERT: path('ca.crt'),
    };
    const first = await dbMigrate(env);
    expect(first.output).toContain('(TLS: verify-full)');
    expect(first.code).toBe(0);
    const versions = (await listMigrations()).map((m) => m.version);
    expect(first.output).toContain(`applied ${versions.join(', ')}`);
    const again = await dbMigrate(env);
    expect(again).toMatchObject({ code: 0 });
    expect(again.output).toContain('already up to date');
  });

  it('takes the CA from the URL’s sslrootcert as well', async () => {
    const result = await dbMigrate({
      DATABASE_URL: url(
        'localhost',
        `?sslmode=verify-full&sslrootcert=${encodeURIComponent(path('ca.crt'))}`,
      ),
    });
    expect(result).toMatchObject({ code: 0 });
  });

  it('refuses sslmode=require without the CA, and says where Supabase’s CA comes from', async () => {
    const result = await dbMigrate({ DATABASE_URL: url('localhost', '?sslmode=require') });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/not signed by Node's public root certificates/);
    expect(result.output).toContain('SSL configuration → Download certificate');
    expect(result.output).toContain('DATABASE_CA_CERT');
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const result = await dbMigrate({
      DATABASE_URL: url('localhost', '?sslmode=require'),
      DATABASE_CA_CERT: path('other-ca.crt'),
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`not signed by the CA in ${path('other-ca.crt')}`);
  });
});

describe('what a connection checks', () => {
  it('is TLS, and verify-full checks the host name the certificate names', async () => {
    const ca = { DATABASE_CA_CERT: path('ca.crt') };
    expect(await connectAs(url('localhost', ''), ca)).toBe(true);
    // The certificate names localhost, not 127.0.0.1: the same server by address is refused…
    await expect(connectAs(url('127.0.0.1', '?sslmode=verify-full'), ca)).rejects.toThrow(
      /does not name the host/,
    );
    // …unless only the chain is asked for.
    expect(await connectAs(url('127.0.0.1', '?sslmode=verify-ca'), ca)).toBe(true);
  });

  it('is refused in plaintext by this server, so the passing runs above were TLS', async () => {
    await expect(connectAs(url('localhost', '?sslmode=disable'))).rejects.toThrow(
      /no pg_hba\.conf entry .* no encryption/,
    );
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { ManagedProcess } from '../process';
import { newJwtSecret, projectKeys, signUserJwt, type UserTokenOptions } from './keys';
import { applyLocalBootstrap, migrate } from './migrate';
import { type PostgresServer, startPostgres } from './postgres';
import { startPostgrest } from './postgrest';
import { startRestGateway } from './rest-gateway';

/** Where and how to run one local Supabase. */
export interface SupabaseOptions {
  /** Holds the cluster (`pgdata/`) and its secrets (`secrets.json`); kept across restarts. */
  dir: string;
  /** The API gateway: `SUPABASE_URL` is `http://127.0.0.1:<port>`. */
  port: number;
  dbPort: number;
  postgrestPort: number;
  /**
   * A fixed JWT secret (for tests whose configuration must know it up front). By default one
   * is generated on first start and kept in `secrets.json`, so issued tokens survive restarts.
   */
  jwtSecret?: string;
  /** No fsync: for test clusters in temporary folders. */
  throwaway?: boolean;
  echo?: boolean;
}

/** A running local Supabase: Postgres, PostgREST and the `/rest/v1` gateway. */
export interface LocalSupabase {
  /** What supabase-js is given (`SUPABASE_URL`). */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Superuser connection string of the cluster (local only; bypasses RLS). */
  dbUrl: string;
  /** Migration versions this start applied (empty when the database was up to date). */
  migrationsApplied: string[];
  /** A user access token as Supabase Auth would issue it. */
  signUserJwt: (options: Omit<UserTokenOptions, 'issuer'> & { issuer?: string }) => Promise<string>;
  /** Adds a user to auth.users (what sign-up does) and returns its id and a token. */
  createUser: (email?: string) => Promise<{ id: string; email: string; jwt: string }>;
  /** Stops and starts single parts, to test what happens while the database is away. */
  stopPostgres: () => Promise<void>;
  startPostgres: () => Promise<void>;
  stopPostgrest: () => Promise<void>;
  startPostgrest: () => Promise<void>;
  stop: () => Promise<void>;
}

interface Secrets {
  jwt_secret: string;
  postgres_password: string;
}

async function loadSecrets(dir: string, jwtSecret: string | undefined): Promise<Secrets> {
  const path = join(dir, 'secrets.json');
  const stored: Partial<Secrets> = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : {};
  const secrets: Secrets = {
    jwt_secret: jwtSecret ?? stored.jwt_secret ?? newJwtSecret(),
    // The superuser password is fixed at initdb: losing it locks us out of the cluster.
    postgres_password: stored.postgres_password ?? randomBytes(24).toString('hex'),
  };
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/**
 * Starts a local Supabase with no account and no Docker: embedded Postgres, the local-only
 * bootstrap (Supabase's roles and auth schema), every pending migration, PostgREST, and the
 * `/rest/v1` gateway supabase-js expects. Data and secrets persist in `options.dir`.
 */
export async function startSupabase(options: SupabaseOptions): Promise<LocalSupabase> {
  await mkdir(options.dir, { recursive: true });
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
  await chmod(options.dir, 0o755);
  const secrets = await loadSecrets(options.dir, options.jwtSecret);
  const authenticatorPassword = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${options.port}`;
  const keys = await projectKeys(secrets.jwt_secret);

  let postgres: PostgresServer | undefined;
  let postgrest: ManagedProcess | undefined;
  let gateway: Server | undefined;
  const stopPostgrest = async () => {
    await postgrest?.stop();
    postgrest = undefined;
  };
  const startRest = async () => {
    postgrest = await startPostgrest({
      port: options.postgrestPort,
      dbUri: `postgres://authenticator:${authenticatorPassword}@127.0.0.1:${options.dbPort}/postgres`,
      jwtSecret: secrets.jwt_secret,
      echo: options.echo,
    });
  };
  const stop = async () => {
    if (gateway) {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway?.close(resolve));
      gateway = undefined;
    }
    await stopPostgrest();
    await postgres?.stop();
  };

  try {
    postgres = await startPostgres({
      dataDir: join(options.dir, 'pgdata'),
      port: options.dbPort,
      password: secrets.postgres_password,
      throwaway: options.throwaway,
      echo: options.echo,
    });
    const db = postgres;
    const client = db.client();
    await client.connect();
    let migrationsApplied: string[];
    try {
      await applyLocalBootstrap(client, authenticatorPassword);
      migrationsApplied = await migrate(client);
    } finally {
      await client.end();
    }
    await startRest();
    gateway = await startRestGateway({
      port: options.port,
      postgrestPort: options.postgrestPort,
      apiKeys: [keys.anonKey, keys.serviceRoleKey],
      auth: { jwtSecret: secrets.jwt_secret, db: () => db.client() },
    });

    const signUser: LocalSupabase['signUserJwt'] = (token) =>
      signUserJwt(secrets.jwt_secret, { issuer: `${url}/auth/v1`, ...token });
    return {
      url,
      ...keys,
      jwtSecret: secrets.jwt_secret,
      dbUrl: db.url,
      migrationsApplied,
      signUserJwt: signUser,
      createUser: async (email) => {
        const id = randomUUID();
        const address = email ?? `user-${id}@example.test`;
        const admin = db.client();
        await admin.connect();
        try {
          await admin.query('insert into auth.users (id, email) values ($1, $2)', [id, address]);
        } finally {
          await admin.end();
        }
        return { id, email: address, jwt: await signUser({ sub: id, email: address }) };
      },
      stopPostgres: () => db.stop(),
      startPostgres: () => db.start(),
      stopPostgrest,
      startPostgrest: startRest,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

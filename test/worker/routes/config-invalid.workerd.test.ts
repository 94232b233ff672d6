/**
 * The Worker handed a bad production configuration. A Worker whose own env is bad does not
 * start at all (worker/config/startup.ts, tested in test/worker/startup.test.ts); here the app
 * is handed another env, as an embedding would, and must refuse every request with a 503 that
 * names what is wrong, never a value, logging the problems once.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../worker/app';

/**
 * The test profile made production, complete but for three things that would leave it open:
 * auth off, any origin, and a sidecar without its secret.
 */
const OPEN_PRODUCTION = {
  ...env,
  ENVIRONMENT: 'production',
  PUBLIC_BASE_URL: 'https://edge.example.com',
  SUPABASE_URL: 'https://project.supabase.example',
  SIDECAR_URL: '',
  WEBHOOK_ALLOW_LOCAL_URLS: 'false',
  AUTH_MODE: 'off',
  CORS_ORIGINS: '*',
  SIDECAR_SECRET: '',
} as Env;

const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

async function send(
  app: ReturnType<typeof createApp>,
  path: string,
  init?: RequestInit,
  appEnv: Env = { ...OPEN_PRODUCTION },
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://edge.test${path}`, init), appEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('a Worker with an open production configuration', () => {
  it('answers every request 503 CONFIG_INVALID, naming the variables', async () => {
    const app = createApp();
    for (const path of ['/api/health', '/api/v1/me', '/openapi.json']) {
      const res = await send(app, path);
      expect(res.status, path).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('CONFIG_INVALID');
      expect(body.error.message).toBe(
        'the service is misconfigured: CORS_ORIGINS, AUTH_MODE, SIDECAR_SECRET',
      );
      expect(res.headers.get('Retry-After')).toBe('60');
    }
  });

  it('answers CallShield clients the same way, in their error shape', async () => {
    const res = await send(createApp(), '/analyze/text', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transcript: 'hello' }),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('logs the problems once, in full, and no secret value', async () => {
    const app = createApp();
    // One env object, as a Worker isolate has: its problems are logged on the first request.
    const appEnv = { ...OPEN_PRODUCTION };
    await send(app, '/api/health', undefined, appEnv);
    await send(app, '/api/health', undefined, appEnv);
    const logged = lines.filter((line) => line.includes('config_invalid'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/AUTH_MODE: must be on in production/);
    expect(logged[0]).toMatch(/SIDECAR_SECRET: required in production/);
    expect(lines.some((line) => line.includes('request_failed'))).toBe(false);
    for (const secret of [env.TICKET_SECRET, env.STORAGE_SIGNING_SECRET, env.SUPABASE_JWT_SECRET])
      expect(lines.join('\n')).not.toContain(secret);
  });
});

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '#core/log';
import { servicesFor } from '../../../worker/services';
import { r2Store } from '../../../worker/services/object-store';
import { DEVELOPMENT } from '../config-fixtures';

/**
 * The bindings the factory reads, as plain objects (nothing here touches them), over the
 * development profile: production, the default, needs Supabase and a sidecar secret.
 */
function fakeEnv(vars: Record<string, string> = {}) {
  return { ...DEVELOPMENT, AUDIO_BUCKET: {}, MEDIA_SIDECAR: undefined, ...vars } as unknown as Env;
}

describe('servicesFor', () => {
  it('builds the services once per env object', () => {
    const env = fakeEnv();
    const services = servicesFor(env);
    expect(servicesFor(env)).toBe(services);
    expect(servicesFor(fakeEnv())).not.toBe(services);
    expect(services.textEngine.geminiEnabled).toBe(false);
    expect(services.storage.presigner.kind).toBe('worker');
  });

  it('signs storage URLs for the configured public base URL', async () => {
    const services = servicesFor(fakeEnv({ PUBLIC_BASE_URL: 'https://edge.example.com' }));
    const url = new URL(await services.storage.presigner.url('PUT', 'org/a/trimmed.wav', 60));
    expect(url.origin).toBe('https://edge.example.com');
    expect(url.pathname).toBe('/api/storage/object');
  });

  it('uses SigV4 URLs when R2 S3 credentials are configured', async () => {
    const services = servicesFor(
      fakeEnv({
        R2_S3_ENDPOINT: 'https://acct.r2.example.com',
        R2_S3_ACCESS_KEY_ID: 'id',
        R2_S3_SECRET_ACCESS_KEY: 'secret',
      }),
    );
    expect(services.storage.presigner.kind).toBe('s3');
    const url = await services.storage.presigner.url('GET', 'org/a/original.wav', 60);
    expect(url).toMatch(
      /^https:\/\/acct\.r2\.example\.com\/callshield-audio\/org\/a\/original\.wav\?/,
    );
  });

  it('refuses an invalid configuration, naming the variable', () => {
    expect(() => servicesFor(fakeEnv({ SIDECAR_URL: 'nope' }))).toThrow(/SIDECAR_URL/);
  });

  it('answers a sidecar call with a clear error when no sidecar is configured', async () => {
    const { sidecar } = servicesFor(fakeEnv());
    await expect(sidecar.process(new Uint8Array(4), {})).rejects.toMatchObject({
      code: 'SIDECAR_NOT_CONFIGURED',
    });
  });
});

describe('the structured logger', () => {
  function capture(minLevel?: LogLevel) {
    const lines: { level: LogLevel; json: Record<string, unknown> }[] = [];
    const logger = createLogger({
      minLevel,
      sink: (level, line) => lines.push({ level, json: JSON.parse(line) }),
    });
    return { logger, lines };
  }

  it('writes one JSON object per line with bound fields, redacted', () => {
    const { logger, lines } = capture();
    logger.child({ request_id: 'r1' }).warn('sidecar_failed', { code: 'TIMEOUT', secret: 'x' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.json).toMatchObject({
      level: 'warn',
      event: 'sidecar_failed',
      request_id: 'r1',
      code: 'TIMEOUT',
      secret: '[redacted]',
    });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('chatty');
    logger.debug('chattier');
    logger.error('bad');
    expect(lines.map((l) => l.json.event)).toEqual(['bad']);
  });
});

describe('the R2 object store', () => {
  const store = r2Store(env.AUDIO_BUCKET);
  const bytes = new TextEncoder().encode('RIFF....WAVEfmt the rest of a recording');

  it('reads the start of an object, however short, and copies one with its type and tag', async () => {
    const key = `org/${crypto.randomUUID()}/call.wav`;
    await store.put(key, bytes, { contentType: 'audio/wav', size: bytes.byteLength });
    expect(await store.readStart(key, 4)).toEqual(bytes.slice(0, 4));
    expect(await store.readStart(key, bytes.byteLength)).toEqual(bytes);
    expect(await store.readStart(`${key}.missing`, 4)).toBeNull();

    const copy = `org/${crypto.randomUUID()}/call.wav`;
    const copied = await store.copy(key, copy);
    const original = await store.head(key);
    expect(copied).toEqual({ ...original, key: copy });
    expect(original?.etag).toMatch(/^[0-9a-f]+$/);
    expect(await store.copy(`${key}.missing`, copy)).toBeNull();
  });
});

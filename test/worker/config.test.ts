import { describe, expect, it } from 'vitest';
import { ConfigError, checkConfig, loadConfig } from '../../worker/config';
import { DEVELOPMENT, PRODUCTION, SUPABASE, without } from './config-fixtures';

/** The variables `env` has problems with. */
const problemsOf = (env: Record<string, string>) =>
  checkConfig(env).problems.map((p) => p.variable);

/** The message loadConfig throws for `env` ('' when it does not throw). */
function failure(env: Record<string, unknown>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('the production profile', () => {
  it('is what an env without ENVIRONMENT gets: auth on, no cross-origin callers', () => {
    expect(checkConfig({}).environment).toBe('production');
    const config = loadConfig(without(PRODUCTION, 'ENVIRONMENT', 'AUTH_MODE', 'CORS_ORIGINS'));
    expect(config.environment).toBe('production');
    expect(config.auth.mode).toBe('on');
    expect(config.corsOrigins).toEqual([]);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.publicBaseUrl).toBe('https://edge.example.com');
    expect(config.corsOrigins).toEqual(['https://app.example.com']);
    expect(config.supabase?.jwtIssuer).toBe('https://project.supabase.example/auth/v1');
  });

  it('refuses to start without its secrets and settings, naming each one', () => {
    expect(problemsOf({ ENVIRONMENT: 'production' }).sort()).toEqual(
      [
        'PUBLIC_BASE_URL',
        'TICKET_SECRET',
        'STORAGE_SIGNING_SECRET',
        'SIDECAR_SECRET',
        'SUPABASE_URL',
        'SUPABASE_ANON_KEY',
        'SUPABASE_SERVICE_ROLE_KEY',
        'CALLER_HASH_KEY',
      ].sort(),
    );
    for (const name of [
      'SIDECAR_SECRET',
      'SUPABASE_SERVICE_ROLE_KEY',
      'TICKET_SECRET',
      'CALLER_HASH_KEY',
    ])
      expect(failure(without(PRODUCTION, name))).toMatch(
        new RegExp(`${name}: required in production, and not set|${name}: required, and not set`),
      );
  });

  it('refuses AUTH_MODE=off', () => {
    expect(failure({ ...PRODUCTION, AUTH_MODE: 'off' })).toMatch(
      /AUTH_MODE: must be on in production/,
    );
  });

  it.each([
    'PUBLIC_BASE_URL',
    'SUPABASE_URL',
    'SUPABASE_JWKS_URL',
    'SIDECAR_URL',
    'GEMINI_BASE_URL',
    'TWILIO_API_BASE_URL',
  ])('refuses an http %s', (name) => {
    expect(failure({ ...PRODUCTION, [name]: 'http://edge.example.com' })).toMatch(
      new RegExp(`${name}: must be https in production`),
    );
  });

  it('refuses an http SIDECAR_URLS', () => {
    expect(
      failure({ ...PRODUCTION, SIDECAR_URLS: 'https://a.example.com,http://b.example.com' }),
    ).toMatch(/SIDECAR_URLS: must all be https in production/);
  });

  it('refuses an http R2 S3 endpoint', () => {
    const r2 = { R2_S3_ACCESS_KEY_ID: 'id', R2_S3_SECRET_ACCESS_KEY: 'secret' };
    expect(failure({ ...PRODUCTION, ...r2, R2_S3_ENDPOINT: 'http://r2.example.com' })).toMatch(
      /R2_S3_ENDPOINT: must be https in production/,
    );
  });

  it('refuses CORS_ORIGINS=*', () => {
    expect(failure({ ...PRODUCTION, CORS_ORIGINS: '*' })).toMatch(
      /CORS_ORIGINS: must list origins, not `\*` in production/,
    );
  });

  it('refuses webhooks to private networks', () => {
    expect(failure({ ...PRODUCTION, WEBHOOK_ALLOW_LOCAL_URLS: 'true' })).toMatch(
      /WEBHOOK_ALLOW_LOCAL_URLS: must be false/,
    );
  });

  it('gets the strictest profile when ENVIRONMENT itself is wrong', () => {
    const check = checkConfig({ ...DEVELOPMENT, ENVIRONMENT: 'staging' });
    expect(check.environment).toBe('production');
    expect(check.problems.map((p) => p.variable)).toEqual(
      expect.arrayContaining(['ENVIRONMENT', 'AUTH_MODE', 'CORS_ORIGINS', 'SUPABASE_URL']),
    );
  });

  it('reports every problem at once, never a value', () => {
    const message = failure({
      ...PRODUCTION,
      AUTH_MODE: 'off',
      CORS_ORIGINS: '*',
      TICKET_SECRET: 'too-short-secret-value',
    });
    expect(message).toMatch(/AUTH_MODE/);
    expect(message).toMatch(/CORS_ORIGINS/);
    expect(message).toMatch(/TICKET_SECRET: must be at least 32 characters/);
    expect(message).not.toContain('too-short-secret-value');
  });

  it('counts a secret known only by name as set (the deploy preflight)', () => {
    const env = without(PRODUCTION, 'TICKET_SECRET', 'SUPABASE_SERVICE_ROLE_KEY');
    const setButUnknown = new Set(['TICKET_SECRET', 'SUPABASE_SERVICE_ROLE_KEY']);
    expect(checkConfig(env, { setButUnknown }).problems).toEqual([]);
    expect(checkConfig(env).problems.map((p) => p.variable)).toEqual([
      'TICKET_SECRET',
      'SUPABASE_SERVICE_ROLE_KEY',
    ]);
  });
});

describe('the development profile', () => {
  it('runs open, with any origin and local webhooks, over http', () => {
    const config = loadConfig(DEVELOPMENT);
    expect(config.environment).toBe('development');
    expect(config.auth.mode).toBe('off');
    expect(config.corsOrigins).toBe('*');
    expect(config.webhooks.allowLocalUrls).toBe(true);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:8787');
    expect(config.thresholds).toEqual({ suspicious: 0.3, likelyScam: 0.6, scam: 0.85 });
  });

  it('still needs the signing secrets and the public base URL: there is no per-isolate key', () => {
    expect(problemsOf(without(DEVELOPMENT, 'TICKET_SECRET', 'PUBLIC_BASE_URL'))).toEqual([
      'PUBLIC_BASE_URL',
      'TICKET_SECRET',
    ]);
  });

  it('lets the open caller act for OPEN_ORG_ID, else the reserved public org', () => {
    expect(loadConfig(DEVELOPMENT).auth.openOrg).toBe('public');
    const org = '0de0de00-0000-4000-8000-000000000002';
    expect(loadConfig({ ...DEVELOPMENT, OPEN_ORG_ID: org }).auth.openOrg).toBe(org);
    expect(failure({ ...DEVELOPMENT, OPEN_ORG_ID: 'public' })).toMatch(/OPEN_ORG_ID/);
  });
});

describe('rules across variables', () => {
  it('needs Supabase for auth, and every Supabase key with its URL', () => {
    expect(failure({ ...DEVELOPMENT, AUTH_MODE: 'on' })).toMatch(
      /SUPABASE_URL: required with AUTH_MODE=on/,
    );
    expect(failure({ ...DEVELOPMENT, ...SUPABASE, SUPABASE_ANON_KEY: '' })).toMatch(
      /SUPABASE_ANON_KEY: required when SUPABASE_URL is set/,
    );
    expect(failure({ ...DEVELOPMENT, ...SUPABASE, SUPABASE_JWT_SECRET: '' })).toMatch(
      /SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL/,
    );
    expect(failure({ ...DEVELOPMENT, SUPABASE_ANON_KEY: 'a'.repeat(40) })).toMatch(
      /SUPABASE_URL: required when SUPABASE_ANON_KEY is set/,
    );
    const jwks = { ...DEVELOPMENT, ...SUPABASE, SUPABASE_JWT_SECRET: '' };
    expect(
      loadConfig({ ...jwks, SUPABASE_JWKS_URL: 'https://p.example/jwks' }).supabase?.jwksUrl,
    ).toBe('https://p.example/jwks');
  });

  it('wants all three R2 S3 credentials or none', () => {
    expect(failure({ ...DEVELOPMENT, R2_S3_ENDPOINT: 'https://r2.example.com' })).toMatch(
      /R2_S3_ACCESS_KEY_ID: .*R2_S3_SECRET_ACCESS_KEY: /,
    );
  });
});

describe('each variable', () => {
  it('is parsed once, into its section', () => {
    const config = loadConfig({
      ...DEVELOPMENT,
      SIDECAR_URL: 'http://127.0.0.1:9999/',
      SIDECAR_SECRET: 'c'.repeat(16),
      PUBLIC_BASE_URL: 'https://edge.example.com/',
      R2_S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com',
      R2_S3_ACCESS_KEY_ID: 'id',
      R2_S3_SECRET_ACCESS_KEY: 'secret',
      ...SUPABASE,
      STREAM_IDLE_TIMEOUT_MS: '5000',
      INTEGRATION_SECRETS_KEY: 'k'.repeat(32),
    });
    expect(config.sidecar).toEqual({
      urls: ['http://127.0.0.1:9999'],
      poolSize: 4,
      secret: 'c'.repeat(16),
      settings: {},
    });
    expect(config.publicBaseUrl).toBe('https://edge.example.com');
    expect(config.storage.r2S3).toEqual({
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      bucket: 'callshield-audio',
    });
    expect(config.supabase).toEqual({
      url: 'https://project.supabase.example',
      anonKey: 'a'.repeat(40),
      serviceRoleKey: 'x'.repeat(40),
      jwtSecret: 'j'.repeat(32),
      jwksUrl: undefined,
      jwtIssuer: 'https://project.supabase.example/auth/v1',
    });
    expect(config.streams.idleTimeoutMs).toBe(5000);
    expect(config.twilio).toEqual({
      secretsKey: 'k'.repeat(32),
      callerHashKey: 'h'.repeat(32),
      apiBaseUrl: 'https://api.twilio.com',
      redirectStartCalls: false,
      media: { burstMs: 10_000, orgAudio: { limit: 500, periodMs: 10_000 } },
    });
  });

  it('leaves optional sections off, counting blank values as unset', () => {
    const config = loadConfig({ ...DEVELOPMENT, SIDECAR_URL: ' ', R2_S3_ENDPOINT: '' });
    expect(config.sidecar.urls).toEqual([]);
    expect(config.storage.r2S3).toBeNull();
    expect(config.supabase).toBeNull();
    expect(config.twilio.secretsKey).toBeNull();
    expect(config.textEngine.gemini).toBeNull();
  });

  it('takes numbers and booleans as wrangler.toml may type them', () => {
    const config = loadConfig({ ...DEVELOPMENT, STREAM_CONTEXT_MS: 0, CASCADE_ON_FINAL: false });
    expect(config.streams.contextMs).toBe(0);
    expect(config.textEngine.onFinal).toBe(false);
  });

  it('takes a local pool from SIDECAR_URLS, and the pool size for the containers', () => {
    const pool = loadConfig({
      ...DEVELOPMENT,
      SIDECAR_URLS: 'http://127.0.0.1:9001/, http://127.0.0.1:9002',
      SIDECAR_POOL_SIZE: '6',
    });
    expect(pool.sidecar.urls).toEqual(['http://127.0.0.1:9001', 'http://127.0.0.1:9002']);
    expect(pool.sidecar.poolSize).toBe(6);
    expect(failure({ ...DEVELOPMENT, SIDECAR_URLS: 'http://a:1,nope' })).toMatch(/SIDECAR_URLS/);
    expect(failure({ ...DEVELOPMENT, SIDECAR_POOL_SIZE: '0' })).toMatch(/SIDECAR_POOL_SIZE/);
    expect(failure({ ...DEVELOPMENT, SIDECAR_POOL_SIZE: '65' })).toMatch(/SIDECAR_POOL_SIZE/);
    expect(
      failure({ ...DEVELOPMENT, SIDECAR_URL: 'http://a:1', SIDECAR_URLS: 'http://b:2' }),
    ).toMatch(/SIDECAR_URLS: set SIDECAR_URL or SIDECAR_URLS, not both/);
  });

  it('checks each SIDECAR_<NAME> with the sidecar’s own parser, and keeps it as written', () => {
    const config = loadConfig({ ...DEVELOPMENT, SIDECAR_MAX_CONCURRENCY: ' 4 ' });
    expect(config.sidecar.settings).toEqual({ MAX_CONCURRENCY: '4' });
    expect(failure({ ...DEVELOPMENT, SIDECAR_MAX_CONCURRENCY: '0' })).toMatch(
      /SIDECAR_MAX_CONCURRENCY/,
    );
    expect(failure({ ...DEVELOPMENT, SIDECAR_ASR_ENGINES: 'whisper,vosk' })).toMatch(
      /SIDECAR_ASR_ENGINES/,
    );
  });

  it("rate-limits with CallShield's limits by default, and parses requests/seconds or off", () => {
    expect(loadConfig(DEVELOPMENT).rateLimits).toEqual({
      text: { limit: 20, periodMs: 60_000 },
      audio: { limit: 10, periodMs: 60_000 },
      streams: { limit: 10, periodMs: 60_000 },
    });
    const set = loadConfig({
      ...DEVELOPMENT,
      RATE_LIMIT_TEXT: '100 / 10',
      RATE_LIMIT_AUDIO: 'OFF',
      RATE_LIMIT_STREAMS: '1/1',
    });
    expect(set.rateLimits).toEqual({
      text: { limit: 100, periodMs: 10_000 },
      audio: null,
      streams: { limit: 1, periodMs: 1_000 },
    });
    for (const bad of ['20', '0/60', '20/0', 'twenty/60', '20/min'])
      expect(failure({ ...DEVELOPMENT, RATE_LIMIT_TEXT: bad }), bad).toMatch(/RATE_LIMIT_TEXT/);
  });

  it('parses CORS origins as a list of origins', () => {
    expect(
      loadConfig({ ...DEVELOPMENT, CORS_ORIGINS: 'https://a.example, https://b.example/' })
        .corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(failure({ ...DEVELOPMENT, CORS_ORIGINS: 'a.example' })).toMatch(/CORS_ORIGINS/);
  });

  it.each([['0.6,0.3,0.85'], ['0.3,0.6'], ['a,b,c'], ['0,0.5,0.9']])(
    'refuses thresholds %s',
    (value) => {
      expect(failure({ ...DEVELOPMENT, SCORE_THRESHOLDS: value })).toMatch(/SCORE_THRESHOLDS/);
    },
  );

  it.each([
    [{ SIDECAR_URL: 'not a url' }, /SIDECAR_URL/],
    [{ SIDECAR_URL: 'ftp://sidecar' }, /SIDECAR_URL/],
    [
      { PUBLIC_BASE_URL: 'https://edge.example.com/some/path' },
      /PUBLIC_BASE_URL: expected an origin/,
    ],
    [{ R2_BUCKET_NAME: 'Bad_Bucket' }, /R2_BUCKET_NAME/],
    [{ ...SUPABASE, SUPABASE_JWT_SECRET: 'short' }, /SUPABASE_JWT_SECRET/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ AUTH_MODE: 'api_key' }, /AUTH_MODE/],
    [{ GEMINI_TIMEOUT_MS: 'soon' }, /GEMINI_TIMEOUT_MS/],
    [{ CASCADE_BAND: '0.9,0.1' }, /CASCADE_BAND/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(failure({ ...DEVELOPMENT, ...env })).toMatch(message);
  });

  it('never puts a secret value into its error', () => {
    const message = failure({ ...DEVELOPMENT, R2_S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    expect(message).toMatch(/R2_S3_ENDPOINT/);
    expect(message).not.toContain('very-secret-value');
  });
});

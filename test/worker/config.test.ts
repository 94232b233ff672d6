import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../worker/config';

const SUPABASE = {
  SUPABASE_URL: 'https://project.supabase.example',
  SUPABASE_ANON_KEY: 'a'.repeat(40),
  SUPABASE_SERVICE_ROLE_KEY: 'x'.repeat(40),
  SUPABASE_JWT_SECRET: 'j'.repeat(32),
};

const SECRETS = {
  STORAGE_SIGNING_SECRET: 's'.repeat(32),
  SIDECAR_SECRET: 'c'.repeat(16),
  TICKET_SECRET: 't'.repeat(32),
  AUTH_MODE: 'on',
  PUBLIC_BASE_URL: 'https://edge.example.com',
  ...SUPABASE,
};

describe('configuration', () => {
  it('uses CallShield defaults with auth off in development', () => {
    const config = loadConfig({});
    expect(config.thresholds).toEqual({ suspicious: 0.3, likelyScam: 0.6, scam: 0.85 });
    expect(config.authMode).toBe('off');
    expect(config.corsOrigins).toBe('*');
  });

  it('refuses to start in production without its secrets, naming them', () => {
    expect(() => loadConfig({ ENVIRONMENT: 'production' })).toThrow(
      /STORAGE_SIGNING_SECRET, SIDECAR_SECRET, TICKET_SECRET/,
    );
  });

  it('refuses production with auth off, or without Supabase', () => {
    expect(() => loadConfig({ ...SECRETS, ENVIRONMENT: 'production', AUTH_MODE: 'off' })).toThrow(
      /AUTH_MODE=on/,
    );
    const { SUPABASE_URL: _, ...withoutUrl } = SECRETS;
    expect(() => loadConfig({ ...withoutUrl, ENVIRONMENT: 'production' })).toThrow(
      /production requires SUPABASE_URL/,
    );
    const config = loadConfig({ ...SECRETS, ENVIRONMENT: 'production' });
    expect(config.authMode).toBe('on');
    expect(config.supabase?.jwtIssuer).toBe('https://project.supabase.example/auth/v1');
  });

  it('needs Supabase for auth, and every Supabase key with its URL', () => {
    expect(() => loadConfig({ AUTH_MODE: 'on' })).toThrow(/AUTH_MODE=on requires SUPABASE_URL/);
    expect(() => loadConfig({ AUTH_MODE: 'api_key' })).toThrow(/AUTH_MODE/);
    expect(() => loadConfig({ ...SUPABASE, SUPABASE_ANON_KEY: '' })).toThrow(
      /SUPABASE_URL needs SUPABASE_ANON_KEY/,
    );
    expect(() => loadConfig({ ...SUPABASE, SUPABASE_JWT_SECRET: '' })).toThrow(
      /SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL/,
    );
    expect(
      loadConfig({
        ...SUPABASE,
        SUPABASE_JWT_SECRET: '',
        SUPABASE_JWKS_URL: 'https://p.example/jwks',
      }).supabase?.jwksUrl,
    ).toBe('https://p.example/jwks');
  });

  it('lets the open caller of local dev act for OPEN_ORG_ID, else the reserved public org', () => {
    expect(loadConfig({}).openOrg).toBe('public');
    const org = '0de0de00-0000-4000-8000-000000000002';
    expect(loadConfig({ OPEN_ORG_ID: org }).openOrg).toBe(org);
    expect(() => loadConfig({ OPEN_ORG_ID: 'public' })).toThrow(/OPEN_ORG_ID/);
  });

  it.each([['0.6,0.3,0.85'], ['0.3,0.6'], ['a,b,c'], ['0,0.5,0.9']])(
    'rejects thresholds %s',
    (value) => {
      expect(() => loadConfig({ SCORE_THRESHOLDS: value })).toThrow(/SCORE_THRESHOLDS/);
    },
  );

  it("rate-limits with CallShield's limits by default, and parses requests/seconds or off", () => {
    expect(loadConfig({}).rateLimits).toEqual({
      text: { limit: 20, periodMs: 60_000 },
      audio: { limit: 10, periodMs: 60_000 },
      streams: { limit: 10, periodMs: 60_000 },
    });
    const set = loadConfig({
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
      expect(() => loadConfig({ RATE_LIMIT_TEXT: bad }), bad).toThrow(/RATE_LIMIT_TEXT/);
  });

  it('parses CORS origins as a list', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });

  it('parses every variable once, including the sidecar, R2 S3, Supabase and Twilio groups', () => {
    const config = loadConfig({
      SIDECAR_URL: 'http://127.0.0.1:9999/',
      SIDECAR_SECRET: 'c'.repeat(16),
      PUBLIC_BASE_URL: 'https://edge.example.com/',
      R2_S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com',
      R2_S3_ACCESS_KEY_ID: 'id',
      R2_S3_SECRET_ACCESS_KEY: 'secret',
      ...SUPABASE,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    });
    expect(config.sidecar).toEqual({ url: 'http://127.0.0.1:9999', secret: 'c'.repeat(16) });
    expect(config.publicBaseUrl).toBe('https://edge.example.com');
    expect(config.r2S3).toEqual({
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
    expect(config.twilio?.accountSid).toBe(`AC${'0'.repeat(32)}`);
  });

  it('leaves optional groups off and uses the dev base URL when nothing is set', () => {
    const config = loadConfig({ SIDECAR_URL: ' ', R2_S3_ENDPOINT: '' });
    expect(config.sidecar.url).toBeNull();
    expect(config.r2S3).toBeNull();
    expect(config.supabase).toBeNull();
    expect(config.twilio).toBeNull();
    expect(config.textEngine.gemini).toBeNull();
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:8787');
  });

  it.each([
    [{ SIDECAR_URL: 'not a url' }, /SIDECAR_URL/],
    [{ SIDECAR_URL: 'ftp://sidecar' }, /SIDECAR_URL/],
    [
      { PUBLIC_BASE_URL: 'https://edge.example.com/some/path' },
      /PUBLIC_BASE_URL: expected an origin/,
    ],
    [
      { R2_S3_ENDPOINT: 'https://r2.example.com' },
      /missing R2_S3_ACCESS_KEY_ID, R2_S3_SECRET_ACCESS_KEY/,
    ],
    [{ R2_BUCKET_NAME: 'Bad_Bucket' }, /R2_BUCKET_NAME/],
    [{ SUPABASE_ANON_KEY: 'a'.repeat(40) }, /SUPABASE_URL is required/],
    [{ ...SUPABASE, SUPABASE_JWT_SECRET: 'short' }, /SUPABASE_JWT_SECRET/],
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, /TWILIO_ACCOUNT_SID/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ GEMINI_TIMEOUT_MS: 'soon' }, /GEMINI_TIMEOUT_MS/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts a secret value into its error', () => {
    expect(() => loadConfig({ R2_S3_SECRET_ACCESS_KEY: 'very-secret-value' })).toThrow(
      /^(?!.*very-secret-value).*R2_S3_ENDPOINT/,
    );
  });

  it('requires a public base URL in production', () => {
    const { PUBLIC_BASE_URL: _, ...withoutBase } = SECRETS;
    expect(() => loadConfig({ ...withoutBase, ENVIRONMENT: 'production' })).toThrow(
      /production requires PUBLIC_BASE_URL/,
    );
  });
});

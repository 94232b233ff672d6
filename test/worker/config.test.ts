import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../worker/config';

const SECRETS = {
  STORAGE_SIGNING_SECRET: 's'.repeat(32),
  SIDECAR_SECRET: 'c'.repeat(16),
  TICKET_SECRET: 't'.repeat(32),
  AUTH_MODE: 'api_key',
  API_KEYS: 'org-a:0123456789abcdefghijklmnop',
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

  it('refuses production with auth off', () => {
    expect(() => loadConfig({ ...SECRETS, ENVIRONMENT: 'production', AUTH_MODE: 'off' })).toThrow(
      /AUTH_MODE=api_key/,
    );
    expect(loadConfig({ ...SECRETS, ENVIRONMENT: 'production' }).apiKeys).toEqual([
      { org: 'org-a', key: '0123456789abcdefghijklmnop' },
    ]);
  });

  it.each([['0.6,0.3,0.85'], ['0.3,0.6'], ['a,b,c'], ['0,0.5,0.9']])(
    'rejects thresholds %s',
    (value) => {
      expect(() => loadConfig({ SCORE_THRESHOLDS: value })).toThrow(/SCORE_THRESHOLDS/);
    },
  );

  it('rejects malformed API keys and auth without keys', () => {
    expect(() => loadConfig({ AUTH_MODE: 'api_key' })).toThrow(/requires API_KEYS/);
    expect(() => loadConfig({ AUTH_MODE: 'api_key', API_KEYS: 'short' })).toThrow(/API_KEYS/);
  });

  it('parses CORS origins as a list', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });
});

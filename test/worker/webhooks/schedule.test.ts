import { describe, expect, it } from 'vitest';
import { loadConfig, loadSection } from '../../../worker/config';
import {
  attemptsPerSchedule,
  disableAfterS,
  MAX_DELAY_S,
  parseRetryAfter,
  retryDelayS,
} from '../../../worker/webhooks/schedule';

const DEFAULT = loadSection('webhooks', {}).retryDelaysS;

describe('the webhook retry schedule', () => {
  it('is eight attempts over about a day by default', () => {
    expect(DEFAULT).toEqual([30, 120, 600, 1_800, 7_200, 21_600, 43_200]);
    expect(attemptsPerSchedule(DEFAULT)).toBe(8);
    const total = DEFAULT.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeCloseTo(20.7, 1);
  });

  it('spreads each delay by ±25%, never past 12 hours', () => {
    for (const [i, base] of DEFAULT.entries()) {
      const low = retryDelayS(i + 1, DEFAULT, { random: () => 0 });
      const high = retryDelayS(i + 1, DEFAULT, { random: () => 0.999999 });
      expect(low).toBe(Math.ceil(base * 0.75));
      expect(high).toBe(Math.min(MAX_DELAY_S, Math.ceil(base * 1.25)));
    }
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayS(4, DEFAULT)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('ends after the last delay', () => {
    expect(retryDelayS(DEFAULT.length, DEFAULT)).not.toBeNull();
    expect(retryDelayS(DEFAULT.length + 1, DEFAULT)).toBeNull();
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelayS(1, DEFAULT, { retryAfterS: 600, random: () => 0.5 })).toBe(600);
    expect(retryDelayS(1, DEFAULT, { retryAfterS: 5, random: () => 0.5 })).toBe(30);
    expect(retryDelayS(1, DEFAULT, { retryAfterS: 10 ** 9 })).toBe(MAX_DELAY_S);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Thu, 03 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('disables an endpoint after the shortest a whole schedule can take', () => {
    const shortest = DEFAULT.reduce(
      (sum, _, i) => sum + (retryDelayS(i + 1, DEFAULT, { random: () => 0 }) ?? 0),
      0,
    );
    expect(disableAfterS(DEFAULT)).toBeLessThanOrEqual(shortest);
    expect(disableAfterS(DEFAULT)).toBeGreaterThan(shortest - DEFAULT.length);
  });
});

describe('WEBHOOK_* configuration', () => {
  it('reads a schedule of durations', () => {
    expect(loadSection('webhooks', { WEBHOOK_RETRY_SCHEDULE: '1s, 2m,3h,4' }).retryDelaysS).toEqual(
      [1, 120, 10_800, 4],
    );
  });

  it.each(['', '0s', '13h', '1x', '1s,,2s'])('refuses the schedule %j', (schedule) => {
    if (schedule === '')
      expect(loadSection('webhooks', { WEBHOOK_RETRY_SCHEDULE: schedule }).retryDelaysS).toEqual(
        DEFAULT,
      );
    else
      expect(() => loadSection('webhooks', { WEBHOOK_RETRY_SCHEDULE: schedule })).toThrow(
        /WEBHOOK_RETRY_SCHEDULE/,
      );
  });

  it('refuses local URLs in production, and allows them only when asked elsewhere', () => {
    expect(loadSection('webhooks', {}).allowLocalUrls).toBe(false);
    expect(loadSection('webhooks', { WEBHOOK_ALLOW_LOCAL_URLS: 'true' }).allowLocalUrls).toBe(true);
    const production = {
      ENVIRONMENT: 'production',
      AUTH_MODE: 'on',
      STORAGE_SIGNING_SECRET: 's'.repeat(32),
      SIDECAR_SECRET: 's'.repeat(16),
      TICKET_SECRET: 't'.repeat(32),
      CALLER_HASH_KEY: 'h'.repeat(32),
      PUBLIC_BASE_URL: 'https://edge.example.com',
      SUPABASE_URL: 'https://p.supabase.co',
      SUPABASE_ANON_KEY: 'a'.repeat(20),
      SUPABASE_SERVICE_ROLE_KEY: 'b'.repeat(20),
      SUPABASE_JWT_SECRET: 'c'.repeat(32),
    };
    expect(loadConfig(production).webhooks.allowLocalUrls).toBe(false);
    expect(() => loadConfig({ ...production, WEBHOOK_ALLOW_LOCAL_URLS: 'true' })).toThrow(
      /WEBHOOK_ALLOW_LOCAL_URLS/,
    );
  });
});

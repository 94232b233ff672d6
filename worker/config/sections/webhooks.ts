import { z } from 'zod';
import { bool, int, variable } from '#core/config/variable';
import { MAX_DELAY_S } from '../../webhooks/schedule';
import { section } from '../section';

/** `30s`, `2m`, `6h` or plain seconds. */
const DURATION = /^(\d+)(s|m|h)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** The delays before the 2nd, 3rd … attempt, in seconds. */
const schedule = z.string().transform((raw, ctx): number[] => {
  const delays = raw.split(',').map((part) => {
    const match = DURATION.exec(part.trim());
    if (!match) return Number.NaN;
    return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
  });
  // Cloudflare Queues delay a message by at most 12 hours, so no single delay may be longer.
  if (delays.length > 20 || delays.some((d) => !Number.isInteger(d) || d < 1 || d > MAX_DELAY_S)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected 1 to 20 comma-separated delays such as 30s, 2m or 6h, each 1 s to 12 h',
    });
    return z.NEVER;
  }
  return delays;
});

/** Outbound webhooks (worker/webhooks/). */
export interface WebhookConfig {
  /**
   * Local development and tests only (production refuses it): allow `http:` URLs and hosts
   * that are loopback, private or link-local addresses.
   */
  allowLocalUrls: boolean;
  /** Seconds before the 2nd, 3rd … attempt (before jitter); one more attempt than entries. */
  retryDelaysS: number[];
  /** One attempt (connect, send, read the answer) gives up after this long. */
  timeoutMs: number;
}

/** Outbound webhooks: where they may go, how often they are retried, how long one may take. */
export const webhooks = section({
  title: 'Webhooks',
  about:
    'Signed deliveries to organisations’ integrations (`worker/webhooks/`), retried from a queue.',
  variables: {
    WEBHOOK_ALLOW_LOCAL_URLS: variable({
      doc: '`true` lets integrations use `http` and loopback, private or link-local addresses (local development and tests; `npm start` sets it).',
      schema: bool,
      default: 'false',
      production: {
        rule: 'must be false (webhooks must not reach private networks)',
        check: (allowed: boolean) => !allowed,
      },
    }),
    WEBHOOK_RETRY_SCHEDULE: variable({
      doc: 'Delays before the 2nd, 3rd … attempt (`s`, `m`, `h` or plain seconds; 1 to 20 of them, each 1 s to 12 h); each gets ±25% jitter; one more attempt than delays.',
      schema: schedule,
      default: '30s,2m,10m,30m,2h,6h,12h',
    }),
    WEBHOOK_TIMEOUT_MS: variable({
      doc: 'One attempt (connect, send, read the answer) gives up after this long.',
      schema: int(1_000, 30_000),
      default: '10000',
    }),
  },
  build: (v): WebhookConfig => ({
    allowLocalUrls: v.WEBHOOK_ALLOW_LOCAL_URLS,
    retryDelaysS: v.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: v.WEBHOOK_TIMEOUT_MS,
  }),
});

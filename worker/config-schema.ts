import { z } from 'zod';
import { assertValidThresholds, type Thresholds } from '#core/thresholds';
import { GeminiEnvSchema } from './engines/env';

/**
 * Every non-binding variable the Worker, its Durable Objects and its queue consumers read,
 * each parsed here once. `loadConfig` (config.ts) adds the rules that tie variables together.
 * Blank values count as unset (`.dev.vars` and dashboards leave empty strings behind).
 */

/**
 * The organisation of callers without credentials while auth is off and no `OPEN_ORG_ID` is
 * set. It is not a database organisation (those are UUIDs), so nothing can claim it: no API key
 * belongs to it, no `x-orgid` names it, and its analyses are not stored.
 */
export const OPEN_ORG = 'public';

function parseThresholds(raw: string, ctx: z.RefinementCtx): Thresholds {
  const parts = raw.split(',').map((p) => Number(p.trim()));
  const [suspicious, likelyScam, scam] = parts;
  if (
    parts.length !== 3 ||
    suspicious === undefined ||
    likelyScam === undefined ||
    scam === undefined
  ) {
    ctx.addIssue({ code: 'custom', message: 'expected three comma-separated numbers' });
    return z.NEVER;
  }
  try {
    return assertValidThresholds({ suspicious, likelyScam, scam });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

/** A rate limit: at most `limit` requests per `periodMs`; null when off. */
export interface RateLimit {
  limit: number;
  periodMs: number;
}

/** `<requests>/<seconds>` (e.g. `20/60`: 20 a minute) or `off`. */
function rateLimit(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((raw, ctx): RateLimit | null => {
      if (raw.toLowerCase() === 'off') return null;
      const match = /^(\d{1,7})\s*\/\s*(\d{1,6})$/.exec(raw);
      const limit = Number(match?.[1]);
      const seconds = Number(match?.[2]);
      if (!match || limit < 1 || seconds < 1) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected <requests>/<seconds> such as 20/60, or off',
        });
        return z.NEVER;
      }
      return { limit, periodMs: seconds * 1000 };
    });
}

/** An origin such as `https://edge.example.com` (no path, query or fragment); trailing `/` dropped. */
const originUrl = z
  .url({ protocol: /^https?$/ })
  .refine((raw) => {
    const url = new URL(raw);
    return (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  }, 'expected an origin such as https://edge.example.com (no path or query)')
  .transform((raw) => new URL(raw).origin);

/** `30s`, `2m`, `6h` or plain seconds, as whole seconds. */
const DURATION = /^(\d+)(s|m|h)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/**
 * The webhook retry schedule: the delays before the 2nd, 3rd … attempt. Cloudflare Queues
 * delay a message by at most 12 hours, so no single delay may be longer.
 */
function parseSchedule(raw: string, ctx: z.RefinementCtx): number[] {
  const delays = raw.split(',').map((part) => {
    const match = DURATION.exec(part.trim());
    if (!match) return Number.NaN;
    return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
  });
  if (delays.length > 20 || delays.some((d) => !Number.isInteger(d) || d < 1 || d > 43_200)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected 1 to 20 comma-separated delays such as 30s, 2m or 6h, each 1 s to 12 h',
    });
    return z.NEVER;
  }
  return delays;
}

const httpUrl = z.url({ protocol: /^https?$/ }).transform((raw) => raw.replace(/\/+$/, ''));
const secret = (min: number) => z.string().min(min, `must be at least ${min} characters`);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The variables, by name, as the environment spells them. */
export const EnvSchema = z.object({
  ENVIRONMENT: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PUBLIC_BASE_URL: originUrl.optional(),
  CORS_ORIGINS: z.string().default('*'),
  SCORE_THRESHOLDS: z.string().default('0.30,0.60,0.85').transform(parseThresholds),
  STREAM_IDLE_TIMEOUT_MS: int(1_000, 3_600_000).default(30_000),
  STREAM_SILENCE_DBFS: z.coerce.number().min(-120).max(0).default(-45),
  STREAM_FULL_PASS_MAX_MS: int(0, 600_000).default(180_000),
  // Trailing audio each live chunk is decoded with (0 = chunks alone); the sidecar caps it too.
  STREAM_CONTEXT_MS: int(0, 60_000).default(10_000),
  // CallShield's own limits (slowapi: 20/minute for transcripts, 10/minute for audio); it
  // had none on streams.
  RATE_LIMIT_TEXT: rateLimit('20/60'),
  RATE_LIMIT_AUDIO: rateLimit('10/60'),
  RATE_LIMIT_STREAMS: rateLimit('10/60'),
  AUTH_MODE: z.enum(['off', 'on']).default('off'),
  OPEN_ORG_ID: z.uuid('expected an organisation id (a UUID)').optional(),
  TICKET_SECRET: secret(32).optional(),
  STORAGE_SIGNING_SECRET: secret(32).optional(),
  SIDECAR_URL: httpUrl.optional(),
  SIDECAR_SECRET: secret(16).optional(),
  R2_S3_ENDPOINT: httpUrl.optional(),
  R2_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  R2_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  R2_BUCKET_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'expected an R2 bucket name')
    .default('callshield-audio'),
  ...GeminiEnvSchema.shape,
  // Organisations, members, API keys and analyses in Supabase.
  SUPABASE_URL: httpUrl.optional(),
  SUPABASE_ANON_KEY: z.string().min(20, 'must be at least 20 characters').optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, 'must be at least 20 characters').optional(),
  SUPABASE_JWT_SECRET: secret(32).optional(),
  SUPABASE_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Outbound webhooks (worker/webhooks/).
  WEBHOOK_ALLOW_LOCAL_URLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  WEBHOOK_RETRY_SCHEDULE: z.string().default('30s,2m,10m,30m,2h,6h,12h').transform(parseSchedule),
  WEBHOOK_TIMEOUT_MS: int(1_000, 30_000).default(10_000),
  // Twilio Media Streams (used by the Twilio work).
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'expected AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: secret(16).optional(),
  TWILIO_API_BASE_URL: httpUrl.default('https://api.twilio.com'),
  TWILIO_REDIRECT_START_CALLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // How far a phone call's audio may run ahead of the clock (Twilio sends it in real time),
  // and the seconds of call audio an organisation may send: `<seconds>/<seconds>` (50 calls'
  // worth by default) or off. See durable-objects/call-session/media-pacing.ts.
  TWILIO_MEDIA_BURST_MS: int(1_000, 600_000).default(10_000),
  RATE_LIMIT_TWILIO_AUDIO: rateLimit('500/10'),
  // Encrypts the secrets organisations store with us (Twilio auth tokens).
  INTEGRATION_SECRETS_KEY: secret(32).optional(),
});

export type RawEnv = z.output<typeof EnvSchema>;

/** The env with blank strings removed, so `.optional()` and `.default()` apply to them. */
export function withoutBlanks(env: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.shape)) {
    const value = env[name];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    out[name] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

import { z } from 'zod';
import { assertValidThresholds, type Thresholds } from '#core/thresholds';

/**
 * Non-binding configuration, validated once per environment object. A bad value fails loudly
 * and names the variable, so a misconfigured deploy never serves with silent defaults.
 */
const ConfigSchema = z.object({
  ENVIRONMENT: z.enum(['development', 'test', 'production']).default('development'),
  CORS_ORIGINS: z.string().default('*'),
  SCORE_THRESHOLDS: z
    .string()
    .default('0.30,0.60,0.85')
    .transform((raw, ctx): Thresholds => {
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
    }),
  STREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  STREAM_SILENCE_DBFS: z.coerce.number().min(-120).max(0).default(-45),
  STREAM_FULL_PASS_MAX_MS: z.coerce.number().int().min(0).max(600_000).default(180_000),
  STORAGE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SIDECAR_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_MODE: z.enum(['off', 'api_key']).default('off'),
  API_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const entries = (raw ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      const keys: ApiKeyEntry[] = [];
      for (const entry of entries) {
        const at = entry.indexOf(':');
        const org = entry.slice(0, at);
        const key = entry.slice(at + 1);
        if (at < 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(org) || key.length < 24) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected org_id:key pairs (keys of at least 24 characters)',
          });
          return z.NEVER;
        }
        keys.push({ org, key });
      }
      return keys;
    }),
  TICKET_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** One organisation API key, as configured in `API_KEYS`. */
export interface ApiKeyEntry {
  org: string;
  key: string;
}

/** Secrets production refuses to run without (local dev may run open). */
const PRODUCTION_SECRETS = ['STORAGE_SIGNING_SECRET', 'SIDECAR_SECRET', 'TICKET_SECRET'] as const;

let ephemeralSecret: string | undefined;

/**
 * Used when no signing secret is configured outside production: valid for this isolate only.
 * Made on first use because Workers forbid random values at global scope.
 */
function ephemeralSigningSecret(): string {
  ephemeralSecret ??= [...crypto.getRandomValues(new Uint8Array(32))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return ephemeralSecret;
}

export type AppConfig = {
  environment: 'development' | 'test' | 'production';
  corsOrigins: string[] | '*';
  thresholds: Thresholds;
  /** A stream with no message for this long is finalized. */
  streamIdleTimeoutMs: number;
  /** Chunks quieter than this (RMS, dBFS) are not sent for transcription. */
  streamSilenceDbfs: number;
  /** Calls up to this long are transcribed again in one piece for the final result (0 = never). */
  streamFullPassMaxMs: number;
  /** HMAC key of the URLs the Worker signs for its own storage route. */
  storageSigningSecret: string;
  /** `off`: every caller is the open `public` organisation (local dev only). */
  authMode: 'off' | 'api_key';
  apiKeys: ApiKeyEntry[];
  /** HS256 key of the one-time WebSocket tickets. */
  ticketSecret: string;
};

const cache = new WeakMap<object, AppConfig>();

/** Parses the configuration from the Worker's env, once per env object. */
export function loadConfig(env: Record<string, unknown>): AppConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const raw = parsed.data;
  if (raw.ENVIRONMENT === 'production') {
    const missing = PRODUCTION_SECRETS.filter((name) => !raw[name]);
    if (missing.length) {
      throw new Error(`invalid configuration: production requires ${missing.join(', ')}`);
    }
    if (raw.AUTH_MODE !== 'api_key') {
      throw new Error('invalid configuration: production requires AUTH_MODE=api_key');
    }
  }
  if (raw.AUTH_MODE === 'api_key' && raw.API_KEYS.length === 0) {
    throw new Error('invalid configuration: AUTH_MODE=api_key requires API_KEYS');
  }
  const origins = raw.CORS_ORIGINS.trim();
  const config: AppConfig = {
    environment: raw.ENVIRONMENT,
    corsOrigins:
      origins === '*'
        ? '*'
        : origins
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
    thresholds: raw.SCORE_THRESHOLDS,
    streamIdleTimeoutMs: raw.STREAM_IDLE_TIMEOUT_MS,
    streamSilenceDbfs: raw.STREAM_SILENCE_DBFS,
    streamFullPassMaxMs: raw.STREAM_FULL_PASS_MAX_MS,
    storageSigningSecret: raw.STORAGE_SIGNING_SECRET ?? ephemeralSigningSecret(),
    authMode: raw.AUTH_MODE,
    apiKeys: raw.API_KEYS,
    ticketSecret: raw.TICKET_SECRET ?? ephemeralSigningSecret(),
  };
  cache.set(env, config);
  return config;
}

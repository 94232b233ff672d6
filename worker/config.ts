import type { Thresholds } from '#core/thresholds';
import { EnvSchema, OPEN_ORG, type RateLimit, type RawEnv, withoutBlanks } from './config-schema';
import { type TextEngineConfig, textEngineConfig } from './engines/env';
import type { LogLevel } from './services/logger';

export { OPEN_ORG, type RateLimit } from './config-schema';

/** The route groups that are rate-limited, each with its own limit. */
export type RateLimitedGroup = 'text' | 'audio' | 'streams';

/**
 * The configuration, validated once per environment object. A bad value fails loudly and
 * names the variable (never its value), so a misconfigured deploy never serves with silent
 * defaults. The variables themselves are listed in config-schema.ts and the README.
 */

/** Secrets production refuses to run without (local dev may run open). */
const PRODUCTION_REQUIRED = [
  'STORAGE_SIGNING_SECRET',
  'SIDECAR_SECRET',
  'TICKET_SECRET',
  'PUBLIC_BASE_URL',
  'SUPABASE_URL',
] as const;

/** Where `npm start` serves the Worker; the public base URL outside production when none is set. */
export const DEV_PUBLIC_BASE_URL = 'http://127.0.0.1:8787';

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

/** R2's S3 API, for SigV4-presigned URLs. */
export interface R2S3Config {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

/** Supabase (organisations, keys, analyses); null until `SUPABASE_URL` is set. */
export interface SupabaseConfig {
  url: string;
  /** The project's public key: the `apikey` of requests made with a user's own token. */
  anonKey: string;
  /** Bypasses row-level security: API-key lookups and writing analyses. */
  serviceRoleKey: string;
  /** HS256 secret of user JWTs (or `jwksUrl`). */
  jwtSecret?: string;
  /** JWKS of asymmetric user JWTs (or `jwtSecret`). */
  jwksUrl?: string;
  /** The `iss` of user JWTs: Supabase Auth's `${url}/auth/v1`. */
  jwtIssuer: string;
}

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

/** Twilio account settings; null until set. */
export interface TwilioConfig {
  accountSid?: string;
  authToken?: string;
}

export type AppConfig = {
  environment: 'development' | 'test' | 'production';
  logLevel: LogLevel;
  /**
   * The Worker's public origin. Every URL handed to someone else (presigned storage URLs,
   * later Twilio callbacks) is built from it, never from a request's Host header.
   */
  publicBaseUrl: string;
  corsOrigins: string[] | '*';
  thresholds: Thresholds;
  /** A stream with no message and no work in flight for this long is finalized. */
  streamIdleTimeoutMs: number;
  /** Chunks quieter than this (RMS, dBFS) are not sent for transcription. */
  streamSilenceDbfs: number;
  /** Calls up to this long are transcribed again in one piece for the final result (0 = never). */
  streamFullPassMaxMs: number;
  /**
   * Trailing call audio each live chunk is decoded with (0 = chunks alone). A chunk then costs
   * the decoding of up to this much audio more; the sidecar's MAX_CONTEXT_MS caps it as well.
   */
  streamContextMs: number;
  /** HMAC key of the URLs the Worker signs for its own storage route. */
  storageSigningSecret: string;
  /**
   * `on`: every analysis, stream and /api/v1 route needs a user JWT or an organisation API key.
   * `off` (local dev only): requests without credentials act as `openOrg`; credentials that
   * are sent are still checked.
   */
  authMode: 'off' | 'on';
  /** Whom a caller without credentials acts for while auth is off: `OPEN_ORG_ID`, else `public`. */
  openOrg: string;
  /** HS256 key of the one-time WebSocket tickets. */
  ticketSecret: string;
  /**
   * Per API key or user (per client address for the open caller): transcripts, audio files,
   * new stream sockets and tickets. Null: no limit.
   */
  rateLimits: Record<RateLimitedGroup, RateLimit | null>;
  /** The local sidecar; null means the `MEDIA_SIDECAR` container binding. */
  sidecar: { url: string | null; secret?: string };
  r2S3: R2S3Config | null;
  textEngine: TextEngineConfig;
  supabase: SupabaseConfig | null;
  webhooks: WebhookConfig;
  twilio: TwilioConfig | null;
  /**
   * Encrypts the auth tokens of organisations' Twilio integrations; null: none can be stored
   * or used (the Twilio routes answer 503).
   */
  integrationSecretsKey: string | null;
  /** Twilio's REST API (a loopback server in tests). */
  twilioApiBaseUrl: string;
  /** Warn `<Start>` calls by redirecting them to a `<Say>` through Twilio's REST API. */
  twilioRedirectStartCalls: boolean;
  /** How fast phone calls' audio may come (durable-objects/call-session/media-pacing.ts). */
  twilioMedia: TwilioMediaLimits;
};

/** How fast phone calls' audio may come. */
export interface TwilioMediaLimits {
  /** How far ahead of the clock one call's audio may run (ms). */
  burstMs: number;
  /** Seconds of call audio per organisation (`limit` seconds per `periodMs`); null: no limit. */
  orgAudio: RateLimit | null;
}

const cache = new WeakMap<object, AppConfig>();

/** Parses the configuration from the Worker's env, once per env object. */
export function loadConfig(env: Record<string, unknown>): AppConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const raw = parsed.data;
  const problem = crossCheck(raw);
  if (problem) throw new Error(`invalid configuration: ${problem}`);
  const config = toConfig(raw);
  cache.set(env, config);
  return config;
}

/** Rules that tie variables together; the first one broken, or null. */
function crossCheck(raw: RawEnv): string | null {
  if (raw.ENVIRONMENT === 'production') {
    const missing = PRODUCTION_REQUIRED.filter((name) => !raw[name]);
    if (missing.length) return `production requires ${missing.join(', ')}`;
    if (raw.AUTH_MODE !== 'on') return 'production requires AUTH_MODE=on';
    if (raw.WEBHOOK_ALLOW_LOCAL_URLS)
      return 'production refuses WEBHOOK_ALLOW_LOCAL_URLS=true (webhooks must not reach private networks)';
  }
  if (raw.AUTH_MODE === 'on' && !raw.SUPABASE_URL)
    return 'AUTH_MODE=on requires SUPABASE_URL (users and API keys live in Supabase)';
  const s3 = ['R2_S3_ENDPOINT', 'R2_S3_ACCESS_KEY_ID', 'R2_S3_SECRET_ACCESS_KEY'] as const;
  const s3Set = s3.filter((name) => raw[name]);
  if (s3Set.length > 0 && s3Set.length < s3.length)
    return `R2 S3 presigning needs all of ${s3.join(', ')}; missing ${s3.filter((n) => !raw[n]).join(', ')}`;
  const supabaseKeys = [
    'SUPABASE_ANON_KEY',
    'SUPABASE_SERVICE_ROLE_KEY',
    'SUPABASE_JWT_SECRET',
    'SUPABASE_JWKS_URL',
  ] as const;
  if (!raw.SUPABASE_URL && supabaseKeys.some((name) => raw[name]))
    return 'SUPABASE_URL is required when other SUPABASE_* variables are set';
  if (raw.SUPABASE_URL) {
    const missing = (['SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const).filter(
      (name) => !raw[name],
    );
    if (missing.length) return `SUPABASE_URL needs ${missing.join(', ')}`;
    if (!raw.SUPABASE_JWT_SECRET && !raw.SUPABASE_JWKS_URL)
      return 'SUPABASE_URL needs SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL to verify user JWTs';
  }
  return null;
}

function toConfig(raw: RawEnv): AppConfig {
  const origins = raw.CORS_ORIGINS.trim();
  return {
    environment: raw.ENVIRONMENT,
    logLevel: raw.LOG_LEVEL,
    publicBaseUrl: raw.PUBLIC_BASE_URL ?? DEV_PUBLIC_BASE_URL,
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
    streamContextMs: raw.STREAM_CONTEXT_MS,
    storageSigningSecret: raw.STORAGE_SIGNING_SECRET ?? ephemeralSigningSecret(),
    authMode: raw.AUTH_MODE,
    openOrg: raw.OPEN_ORG_ID ?? OPEN_ORG,
    ticketSecret: raw.TICKET_SECRET ?? ephemeralSigningSecret(),
    rateLimits: {
      text: raw.RATE_LIMIT_TEXT,
      audio: raw.RATE_LIMIT_AUDIO,
      streams: raw.RATE_LIMIT_STREAMS,
    },
    sidecar: { url: raw.SIDECAR_URL ?? null, secret: raw.SIDECAR_SECRET },
    r2S3:
      raw.R2_S3_ENDPOINT && raw.R2_S3_ACCESS_KEY_ID && raw.R2_S3_SECRET_ACCESS_KEY
        ? {
            endpoint: raw.R2_S3_ENDPOINT,
            accessKeyId: raw.R2_S3_ACCESS_KEY_ID,
            secretAccessKey: raw.R2_S3_SECRET_ACCESS_KEY,
            bucket: raw.R2_BUCKET_NAME,
          }
        : null,
    textEngine: textEngineConfig(raw),
    // crossCheck has made sure the keys are there whenever the URL is.
    supabase:
      raw.SUPABASE_URL && raw.SUPABASE_ANON_KEY && raw.SUPABASE_SERVICE_ROLE_KEY
        ? {
            url: raw.SUPABASE_URL,
            anonKey: raw.SUPABASE_ANON_KEY,
            serviceRoleKey: raw.SUPABASE_SERVICE_ROLE_KEY,
            jwtSecret: raw.SUPABASE_JWT_SECRET,
            jwksUrl: raw.SUPABASE_JWKS_URL,
            jwtIssuer: `${raw.SUPABASE_URL}/auth/v1`,
          }
        : null,
    webhooks: {
      allowLocalUrls: raw.WEBHOOK_ALLOW_LOCAL_URLS,
      retryDelaysS: raw.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: raw.WEBHOOK_TIMEOUT_MS,
    },
    twilio:
      raw.TWILIO_ACCOUNT_SID || raw.TWILIO_AUTH_TOKEN
        ? { accountSid: raw.TWILIO_ACCOUNT_SID, authToken: raw.TWILIO_AUTH_TOKEN }
        : null,
    integrationSecretsKey: raw.INTEGRATION_SECRETS_KEY ?? null,
    twilioApiBaseUrl: raw.TWILIO_API_BASE_URL,
    twilioRedirectStartCalls: raw.TWILIO_REDIRECT_START_CALLS,
    twilioMedia: { burstMs: raw.TWILIO_MEDIA_BURST_MS, orgAudio: raw.RATE_LIMIT_TWILIO_AUDIO },
  };
}

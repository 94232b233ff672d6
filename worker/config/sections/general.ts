import { z } from 'zod';
import { HTTPS_ONLY, variable } from '#core/config/variable';
import { assertValidThresholds, type Thresholds } from '#core/thresholds';
import { section } from '../section';

/** The profiles: production is what an unconfigured deploy gets. */
export const ENVIRONMENTS = ['production', 'development', 'test'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** An origin such as `https://edge.example.com` (no path, query or fragment); trailing `/` dropped. */
const origin = z.string().transform((raw, ctx) => {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  const bare = url && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  if (!url || !/^https?:$/.test(url.protocol) || !bare) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected an origin such as https://edge.example.com (no path or query)',
    });
    return z.NEVER;
  }
  return url.origin;
});

/** `*`, or origins separated by commas. */
const corsOrigins = z.string().transform((raw, ctx): '*' | string[] => {
  if (raw === '*') return '*';
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const parsed = origins.map((o) => origin.safeParse(o));
  if (parsed.some((p) => !p.success)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected * or comma-separated origins such as https://app.example.com',
    });
    return z.NEVER;
  }
  return parsed.map((p) => p.data as string);
});

const thresholds = z.string().transform((raw, ctx): Thresholds => {
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
});

/** What the whole Worker needs: its profile, where it is, who may call it from a browser. */
export const general = section({
  title: 'General',
  about: 'The profile, logging, the public origin and browser access.',
  variables: {
    ENVIRONMENT: variable({
      doc: '`production` (the default, and what `wrangler.toml` says), `development` (`npm start`) or `test` (the test projects). Production applies every rule marked *production* below.',
      schema: z.enum(ENVIRONMENTS),
      default: 'production',
    }),
    LOG_LEVEL: variable({
      doc: '`debug`, `info`, `warn` or `error`: one JSON object per line, with secrets, transcripts and URL query strings redacted.',
      schema: z.enum(['debug', 'info', 'warn', 'error']),
      default: 'info',
    }),
    PUBLIC_BASE_URL: variable({
      doc: "The Worker's public origin (no path). Every URL handed to others (presigned storage URLs, the Twilio stream URL) and the URL Twilio's signatures are checked over are built from it, never from a request's `Host` header; Twilio needs https (its stream URL is `wss:`).",
      schema: origin,
      required: 'always',
      production: HTTPS_ONLY,
    }),
    CORS_ORIGINS: variable({
      doc: 'Origins whose browser pages may call the API: `*` or a comma-separated list. Unset: none (same-origin pages only, such as the console the Worker serves).',
      schema: corsOrigins,
      production: {
        rule: 'must list origins, not `*`',
        check: (origins: '*' | string[]) => origins !== '*',
      },
    }),
    SCORE_THRESHOLDS: variable({
      doc: 'Lower bounds of SUSPICIOUS, LIKELY_SCAM and SCAM (CallShield’s).',
      schema: thresholds,
      default: '0.30,0.60,0.85',
    }),
  },
  build: (v) => ({
    environment: v.ENVIRONMENT,
    logLevel: v.LOG_LEVEL,
    /**
     * The Worker's public origin. Every URL handed to someone else is built from it, never
     * from a request's Host header.
     */
    publicBaseUrl: v.PUBLIC_BASE_URL,
    /** `*`, or the origins allowed (empty: none). */
    corsOrigins: v.CORS_ORIGINS ?? [],
    thresholds: v.SCORE_THRESHOLDS,
  }),
});

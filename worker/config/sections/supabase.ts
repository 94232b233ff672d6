import { z } from 'zod';
import { HTTPS_ONLY, httpUrl, secretString, variable } from '#core/config/variable';
import { section } from '../section';

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

const key = z.string().min(20, 'must be at least 20 characters');

/** The database: organisations, members, API keys, analyses, integrations. */
export const supabase = section({
  title: 'Supabase',
  about:
    'Organisations, members, API keys and analyses live in Supabase, reached with supabase-js. The section is all or nothing: the URL needs both keys and at least one way to verify user JWTs (each token’s `alg` picks); the expected issuer is `SUPABASE_URL/auth/v1`.',
  variables: {
    SUPABASE_URL: variable({
      doc: 'The project URL, without `/rest/v1`.',
      schema: httpUrl,
      required: 'production',
      production: HTTPS_ONLY,
    }),
    SUPABASE_ANON_KEY: variable({
      doc: "The project's public key: the `apikey` of requests made with a user's own token.",
      schema: key,
      required: 'production',
    }),
    SUPABASE_SERVICE_ROLE_KEY: variable({
      doc: "Bypasses row-level security: API-key lookups, API-key callers' reads (always filtered by their organisation) and the queue writing analyses.",
      schema: key,
      secret: true,
      required: 'production',
    }),
    SUPABASE_JWT_SECRET: variable({
      doc: 'The HS256 secret of user JWTs.',
      schema: secretString(32),
      secret: true,
    }),
    SUPABASE_JWKS_URL: variable({
      doc: 'The JWKS of a project with asymmetric signing keys: `SUPABASE_URL/auth/v1/.well-known/jwks.json`.',
      schema: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
      production: HTTPS_ONLY,
    }),
  },
  // The rules (rules.ts) make sure the keys are there whenever the URL is.
  build: (v): SupabaseConfig | null =>
    v.SUPABASE_URL && v.SUPABASE_ANON_KEY && v.SUPABASE_SERVICE_ROLE_KEY
      ? {
          url: v.SUPABASE_URL,
          anonKey: v.SUPABASE_ANON_KEY,
          serviceRoleKey: v.SUPABASE_SERVICE_ROLE_KEY,
          jwtSecret: v.SUPABASE_JWT_SECRET,
          jwksUrl: v.SUPABASE_JWKS_URL,
          jwtIssuer: `${v.SUPABASE_URL}/auth/v1`,
        }
      : null,
});

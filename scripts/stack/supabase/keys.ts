import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * The JWTs of the local Supabase, signed HS256 with one secret that PostgREST also holds
 * (`PGRST_JWT_SECRET`), shaped like Supabase's: the `role` claim picks the Postgres role,
 * user tokens carry `sub` and `aud: "authenticated"`.
 */

/** Issuer of the local project's keys (Supabase's hosted keys say `supabase`). */
const KEY_ISSUER = 'supabase-local';
/** Fixed issue time, so the anon and service keys are a pure function of the secret. */
const KEY_ISSUED_AT = 1_767_225_600; // 2026-01-01T00:00:00Z
const TEN_YEARS_S = 10 * 365 * 24 * 3600;

/** A new random HS256 secret (Supabase requires at least 32 characters). */
export function newJwtSecret(): string {
  return randomBytes(32).toString('base64url');
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The project's API keys: the same secret always gives the same two keys. */
export async function projectKeys(
  jwtSecret: string,
): Promise<{ anonKey: string; serviceRoleKey: string }> {
  const sign = (role: string) =>
    new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(KEY_ISSUER)
      .setIssuedAt(KEY_ISSUED_AT)
      .setExpirationTime(KEY_ISSUED_AT + TEN_YEARS_S)
      .sign(key(jwtSecret));
  return { anonKey: await sign('anon'), serviceRoleKey: await sign('service_role') };
}

/** Who a user token is for. */
export interface UserTokenOptions {
  /** auth.users id. */
  sub: string;
  email?: string;
  /** Seconds until it expires (Supabase's default session is one hour; negative: expired). */
  expiresInS?: number;
  /** Supabase sets `${SUPABASE_URL}/auth/v1`. */
  issuer: string;
  /** Defaults to Supabase's `authenticated`; tests pass others to see them refused. */
  audience?: string;
}

/** A user access token like the ones Supabase Auth issues after sign-in. */
export function signUserJwt(jwtSecret: string, options: UserTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    role: 'authenticated',
    email: options.email,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setAudience(options.audience ?? 'authenticated')
    .setIssuer(options.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInS ?? 3600))
    .sign(key(jwtSecret));
}

import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { SupabaseConfig } from '../../config';
import { ApiError } from '../../errors';

/**
 * Supabase Auth access tokens. A project signs them HS256 with its JWT secret (legacy) or with
 * an asymmetric key published as a JWKS; a project moving between the two may hold both, so
 * the token's own `alg` picks the key. Checked: signature, `exp` (and `nbf`), `aud` =
 * `authenticated`, `iss` = `SUPABASE_URL/auth/v1`, `role` = `authenticated`, `sub` a UUID.
 * The service-role and anon keys are JWTs too, but without that audience: they never pass.
 */

/** A signed-in user, as their token says. */
export interface VerifiedUser {
  userId: string;
  email: string | null;
}

/** Verifies a token; null when it is not a valid user token of this project. */
export type UserJwtVerifier = (token: string) => Promise<VerifiedUser | null>;

const AUDIENCE = 'authenticated';
const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token's `alg`; undefined when its header can't be read (jose throws a TypeError then). */
function algorithmOf(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

/** A verifier for the project's tokens; `now` is the clock `exp` is checked against. */
export function userJwtVerifier(config: SupabaseConfig, now: () => number): UserJwtVerifier {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : null;
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;
  const options = (algorithms: string[]): JWTVerifyOptions => ({
    algorithms,
    audience: AUDIENCE,
    issuer: config.jwtIssuer,
    requiredClaims: ['exp', 'sub'],
    currentDate: new Date(now()),
  });
  const verify = async (token: string): Promise<JWTPayload | null> => {
    const alg = algorithmOf(token);
    if (alg === 'HS256' && secret)
      return (await jwtVerify(token, secret, options(['HS256']))).payload;
    if (alg && ASYMMETRIC.includes(alg) && jwks)
      return (await jwtVerify(token, jwks, options(ASYMMETRIC))).payload;
    return null;
  };
  return async (token) => {
    let payload: JWTPayload | null;
    try {
      payload = await verify(token);
    } catch (error) {
      // The JWKS endpoint timed out or could not be reached: not the token's fault.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        throw new ApiError(
          'UPSTREAM_UNAVAILABLE',
          'the identity provider is unavailable; try again shortly',
          { retryAfter: 5, cause: error },
        );
      }
      return null;
    }
    if (!payload || payload.role !== AUDIENCE || !UUID.test(payload.sub ?? '')) return null;
    return {
      userId: String(payload.sub).toLowerCase(),
      email: typeof payload.email === 'string' ? payload.email : null,
    };
  };
}

import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { inBackground } from '../background';
import { type Role, roleAtLeast } from '../db/organization-members';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/**
 * Authentication and authorisation for REST routes, in two steps:
 *
 * 1. `authenticate()` turns the credentials into `c.var.identity`: a Supabase user (JWT), an
 *    organisation API key (`X-API-Key` or `Authorization: Bearer`), or, while AUTH_MODE=off and
 *    no credentials were sent, the open caller. Bad credentials are 401 in every mode.
 * 2. `requireRole(min)` picks the organisation (`x-orgid`, honoured only for an organisation the
 *    identity belongs to: 403 otherwise; a user in exactly one needs no header; a key is bound to
 *    its own) and checks the role there, setting `c.var.caller`.
 *
 * `requireUser()` is for routes about the user themselves (their organisations).
 */

/** The header naming the organisation a request acts for (AuthentiVoice's name). */
export const ORG_HEADER = 'x-orgid';

/** Sets `c.var.identity`, or answers 401. */
export function authenticate() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('identity', await identityOf(c));
    await next();
  });
}

/** Sets `c.var.caller` for the requested organisation when the caller's role is at least `min`. */
export function requireRole(min: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const identity = c.var.identity ?? (await identityOf(c));
    const caller = await c.var.services.auth.callerFor(identity, c.req.header(ORG_HEADER) ?? null);
    if (!roleAtLeast(caller.role, min)) {
      throw new ApiError(
        'FORBIDDEN',
        `this needs the ${min} role or above; ${
          caller.via === 'api_key' ? `API keys act as ${caller.role}` : `you are ${caller.role}`
        }`,
      );
    }
    c.set('caller', caller);
    await next();
  });
}

/** Only signed-in users (not API keys, not the open caller). */
export function requireUser() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const identity = c.var.identity ?? (await identityOf(c));
    if (identity.kind === 'open')
      throw new ApiError(
        'UNAUTHORIZED',
        'sign in: send a user access token as Authorization: Bearer',
      );
    if (identity.kind !== 'user')
      throw new ApiError(
        'FORBIDDEN',
        'this needs a signed-in user; API keys act for one organisation',
      );
    await next();
  });
}

function identityOf(c: Context<AppEnv>) {
  return c.var.services.auth.identify(c.req.raw.headers, (work) => inBackground(c, work));
}

import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { inBackground } from '../background';
import { type Role, roleAtLeast } from '../db/organization-members';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import type { Caller } from '../services/auth/caller';

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

/**
 * From this role up, a user's membership is read from the database on every request, never
 * from the isolate's cache: a removed or demoted admin loses admin powers at once in every
 * isolate, not within the cache's TTL. (Admin routes are few and rare; reads of analyses keep
 * the cache, and row-level security checks them again.)
 */
export const UNCACHED_FROM_ROLE: Role = 'admin';

/** Sets `c.var.caller` for the requested organisation when the caller's role is at least `min`. */
export function requireRole(min: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('caller', await callerWithRole(c, min));
    await next();
  });
}

/**
 * The caller for the requested organisation, refused (403) below `min`. For a handler whose
 * route lets lower roles in but whose action needs more (removing someone else, not yourself):
 * it reads the membership the same way requireRole would for `min`.
 */
export async function callerWithRole(c: Context<AppEnv>, min: Role): Promise<Caller> {
  const identity = c.var.identity ?? (await identityOf(c));
  const caller = await c.var.services.auth.callerFor(identity, c.req.header(ORG_HEADER) ?? null, {
    fresh: roleAtLeast(min, UNCACHED_FROM_ROLE),
  });
  if (!roleAtLeast(caller.role, min)) {
    throw new ApiError(
      'FORBIDDEN',
      `this needs the ${min} role or above; ${
        caller.via === 'api_key' ? `API keys act as ${caller.role}` : `you are ${caller.role}`
      }`,
    );
  }
  return caller;
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

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Database } from '../../db/client';
import type { AppEnv } from '../../env';
import { ApiError, errorResponses } from '../../errors';
import { ORG_HEADER } from '../../middleware/auth';

/** What every `/api/v1` route shares: its OpenAPI security, the x-orgid header, its errors. */

/** `x-orgid` as documented on every organisation-scoped route (checked by requireRole, not here). */
export const OrgHeaderSchema = z.object({
  [ORG_HEADER]: z
    .string()
    .optional()
    .openapi({
      description:
        'The organisation to act for: one you are a member of (403 otherwise). Not needed when you ' +
        'belong to exactly one, or with an API key (bound to its organisation).',
      example: '0de0de00-0000-4000-8000-000000000002',
    }),
});

/** The errors every `/api/v1` route can answer, plus the route's own. */
export function v1Errors(...own: ContentfulStatusCode[]) {
  const statuses = [...new Set<ContentfulStatusCode>([401, 403, 503, ...own])];
  return errorResponses(...statuses.sort((a, b) => a - b));
}

/** The database, or 503 when none is configured. */
export function database(c: Context<AppEnv>): Database {
  const db = c.var.services.db;
  if (!db) {
    throw new ApiError('DATABASE_UNAVAILABLE', 'no database is configured on this server', {
      retryAfter: 60,
    });
  }
  return db;
}

/**
 * The client a request reads and writes with: the user's own token (row-level security is
 * the second line behind the Worker's checks), or the service role for API-key and open
 * callers, whose queries always filter by their organisation.
 */
export function clientFor(c: Context<AppEnv>) {
  const db = database(c);
  const token = c.var.caller.accessToken;
  return token ? db.asUser(token) : db.service;
}

/** A user's own token (routes behind requireUser). */
export function userClient(c: Context<AppEnv>) {
  const identity = c.var.identity;
  if (identity.kind !== 'user') throw new ApiError('FORBIDDEN', 'this needs a signed-in user');
  return { db: database(c).asUser(identity.accessToken), user: identity };
}

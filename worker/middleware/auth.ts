import { createMiddleware } from 'hono/factory';
import { constantTimeEqual } from '#core/constant-time';
import { type ApiKeyEntry, OPEN_ORG } from '../config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** Who is calling: an organisation, and how it proved it. */
export interface Caller {
  org: string;
  via: 'open' | 'api_key' | 'ticket';
}

export { OPEN_ORG };

/**
 * Authenticates REST calls. With `AUTH_MODE=api_key`, the caller presents an organisation key
 * as `X-API-Key` (CallShield's header) or `Authorization: Bearer`; with auth off, everyone is
 * the open `public` organisation.
 */
export function auth() {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('caller', authenticate(c.var.config.authMode, c.var.config.apiKeys, c.req.raw.headers));
    await next();
  });
}

/** The caller for a request's headers; throws UNAUTHORIZED when a required key is missing or wrong. */
export function authenticate(
  mode: 'off' | 'api_key',
  keys: ApiKeyEntry[],
  headers: Headers,
): Caller {
  if (mode === 'off') return { org: OPEN_ORG, via: 'open' };
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  const presented = headers.get('x-api-key') ?? bearer;
  if (!presented)
    throw new ApiError('UNAUTHORIZED', 'send an API key as X-API-Key or Authorization: Bearer');
  // Compare against every key so the time taken does not reveal which one nearly matched.
  let match: ApiKeyEntry | undefined;
  for (const entry of keys) if (constantTimeEqual(entry.key, presented)) match = entry;
  if (!match) throw new ApiError('UNAUTHORIZED', 'the API key is not valid');
  return { org: match.org, via: 'api_key' };
}

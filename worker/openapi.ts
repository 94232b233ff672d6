import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/** The first issue of a validation error, as `path: message`. */
export function firstIssue(error: ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${where}${first?.message ?? 'invalid request'}`;
}

/**
 * Every route's validation failures become 400 VALIDATION_FAILED and render through the one
 * `onError`. Routes with a contract of their own (CallShield's) pass their own hook.
 */
export const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  throw new ApiError('VALIDATION_FAILED', firstIssue(result.error));
};

/** A sub-app for one resource, with the shared validation hook unless it brings its own. */
export function createRouter(hook: Hook<unknown, AppEnv, string, unknown> = defaultHook) {
  return new OpenAPIHono<AppEnv>({ defaultHook: hook });
}

/**
 * The OpenAPI security of every route that acts for an organisation: an API key the CallShield
 * way, or a bearer token (a user JWT or an API key); app.ts registers both schemes. While
 * AUTH_MODE=off the analysis and stream routes also work without either.
 */
export const CREDENTIALS: Record<string, string[]>[] = [{ apiKeyHeader: [] }, { bearerAuth: [] }];

import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/**
 * Validation failures become ApiErrors so they render through the one `onError`.
 * A value over its documented maximum is 422 (CallShield's status for an over-long
 * transcript); an empty transcript and every other shape problem is 400.
 */
export const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const issues = result.error.issues;
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  const message = `${where}${first?.message ?? 'invalid request'}`;
  if (issues.some((issue) => issue.code === 'too_big')) throw new ApiError('TOO_LONG', message);
  if (first?.path[0] === 'transcript' && first.code === 'invalid_format') {
    throw new ApiError('EMPTY_TRANSCRIPT', message);
  }
  throw new ApiError('VALIDATION_FAILED', message);
};

/** A sub-app for one resource, with the shared validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook });
}

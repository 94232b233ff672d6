import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { firstIssue } from '../openapi';

/**
 * CallShield's statuses for its own routes (`/analyze/*`, `/api/analyze/*`), kept for its
 * clients: a value over its documented maximum (an over-long transcript) is 422 TOO_LONG and
 * an empty transcript is 400 EMPTY_TRANSCRIPT. Every other route uses the default hook.
 */
export const callshieldHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const issues = result.error.issues;
  const message = firstIssue(result.error);
  if (issues.some((issue) => issue.code === 'too_big')) throw new ApiError('TOO_LONG', message);
  const first = issues[0];
  if (first?.path[0] === 'transcript' && first.code === 'invalid_format')
    throw new ApiError('EMPTY_TRANSCRIPT', message);
  throw new ApiError('VALIDATION_FAILED', message);
};

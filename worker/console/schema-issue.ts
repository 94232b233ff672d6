/** Turning a failed schema check into words. */
import type { z } from 'zod';

/** The first problem zod found, as `path: message`, for an error line a person can report. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}

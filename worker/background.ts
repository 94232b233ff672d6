import type { Context } from 'hono';

/**
 * Runs `work` after the response has gone (`waitUntil`), so it never slows the answer. Outside
 * a Workers request (a test calling the app without an execution context) it simply runs.
 * `work` must handle its own errors.
 */
export function inBackground(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context: the promise runs on regardless.
  }
}

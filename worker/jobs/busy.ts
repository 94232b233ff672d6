import { SidecarCallError } from '../services/sidecar-client';
import { PoolBusy } from './failure';

/**
 * Backpressure for background jobs. A 503 OVERLOADED from the media pool (every instance was
 * busy: the pool tried them all) says "not now", not "this job is broken": the job waits with
 * back-off and tries again, and the attempt it is on is not spent. The wait is bounded twice:
 * within one run by `JOB_BUSY_WAIT_MS` (then the job goes back to the queue, its attempt given
 * back: see consumer.ts), and over the job's life by `JOB_BUSY_GIVE_UP_MS` (then a busy pool is
 * an ordinary failed attempt, so a job never waits forever).
 */

/** One run's time for waiting out a busy pool, shared by the job's sidecar calls. */
export interface BusyBudget {
  /** When this run stops waiting (ms since the epoch, on `now`'s clock). */
  readonly until: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** A budget of `waitMs` from now, on the real clock. */
export function busyBudget(waitMs: number): BusyBudget {
  return {
    until: Date.now() + waitMs,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/** Back-off between tries: 250 ms doubling to 8 s, each with jitter so waiting jobs spread out. */
export function busyDelayMs(tries: number, random: () => number): number {
  const base = Math.min(8_000, 250 * 2 ** Math.max(0, tries - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/** Runs `call`, waiting out OVERLOADED answers within `budget`; then throws PoolBusy. */
export async function whileBusy<T>(budget: BusyBudget, call: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SidecarCallError) || error.code !== 'OVERLOADED') throw error;
      const left = budget.until - budget.now();
      if (left <= 0) throw new PoolBusy(error);
      await budget.sleep(Math.min(left, busyDelayMs(tries, budget.random)));
    }
  }
}

/**
 * When a failed webhook attempt is tried again. The schedule (`WEBHOOK_RETRY_SCHEDULE`, by
 * default 30s, 2m, 10m, 30m, 2h, 6h, 12h: eight attempts over about 21 hours) grows roughly
 * exponentially; each delay is spread by ±25% jitter so that deliveries which failed together
 * (an endpoint that was down) don't all come back in the same second. A `Retry-After` from the
 * endpoint (429 or 503) is honoured: the next attempt waits at least that long.
 */

/** Cloudflare Queues delay a message by at most 12 hours. */
export const MAX_DELAY_S = 43_200;
/** ±25% around each delay. */
const JITTER = 0.25;

/**
 * Seconds to wait after the `roundAttempt`-th attempt of a schedule failed, or null when it was
 * the last one. `random` is in [0, 1) (tests pass a fixed one).
 */
export function retryDelayS(
  roundAttempt: number,
  delaysS: readonly number[],
  options: { retryAfterS?: number | null; random?: () => number } = {},
): number | null {
  const base = delaysS[roundAttempt - 1];
  if (base === undefined) return null;
  const spread = 1 - JITTER + 2 * JITTER * (options.random ?? Math.random)();
  const jittered = Math.ceil(base * spread);
  return Math.min(MAX_DELAY_S, Math.max(1, jittered, options.retryAfterS ?? 0));
}

/** Attempts in one schedule: one more than the delays between them. */
export function attemptsPerSchedule(delaysS: readonly number[]): number {
  return delaysS.length + 1;
}

/**
 * An endpoint is disabled when a delivery fails for good and every attempt to it has failed
 * for at least this long: the shortest a whole schedule can take (every delay at its lowest
 * jitter), so the first delivery that uses up its schedule against a dead endpoint disables it.
 */
export function disableAfterS(delaysS: readonly number[]): number {
  return Math.floor(delaysS.reduce((sum, d) => sum + d, 0) * (1 - JITTER));
}

/**
 * `Retry-After` in seconds (a number of seconds or an HTTP date), or null when absent or
 * unreadable. Clamped to the longest delay a queue message can have.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const seconds = /^\d+$/.test(trimmed)
    ? Number(trimmed)
    : Math.ceil((Date.parse(trimmed) - nowMs) / 1000);
  if (!Number.isFinite(seconds)) return null;
  return Math.min(MAX_DELAY_S, Math.max(0, seconds));
}

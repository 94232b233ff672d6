/**
 * How long to wait before each attempt to resume a dropped stream. Bounded so a call that
 * cannot come back fails within about 15 s instead of leaving the page waiting.
 */

/** Pause before the first attempt; each later one waits twice as long as the one before. */
export const FIRST_RETRY_MS = 500;
/** No single pause is longer, so the last attempts stay inside the window. */
export const MAX_RETRY_MS = 4_000;
export const MAX_ATTEMPTS = 5;
/** From the drop to giving up, whatever the attempts were doing. */
export const RECONNECT_WINDOW_MS = 15_000;

/**
 * The pauses before each attempt: 0.5 s, 1 s, 2 s, 4 s, 4 s (11.5 s in all, which leaves
 * time inside the window for the connects themselves).
 */
export function retryDelays(): number[] {
  return Array.from({ length: MAX_ATTEMPTS }, (_, i) =>
    Math.min(FIRST_RETRY_MS * 2 ** i, MAX_RETRY_MS),
  );
}

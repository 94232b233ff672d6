import { constants } from 'node:os';
import { endChildren } from './reap';
import { reapAllNow } from './reaper';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How often to look whether the parent is still there (nothing announces its death). */
const PARENT_CHECK_MS = 1_000;

// Once per process, however many module graphs load this file (see reaper.ts).
const INSTALLED: unique symbol = Symbol.for('callshield.stack.stop-when-interrupted');
const holder = globalThis as typeof globalThis & { [INSTALLED]?: true };

function report(failed: readonly (string | number)[]): void {
  for (const what of failed) console.error(`could not stop or remove ${what}`);
}

/**
 * For a test run, whose parts must all be gone (ports free, temp folders removed) before the
 * shell prompt returns and the next run starts:
 * - SIGINT (Ctrl+C), SIGTERM and SIGHUP first stop everything registered with `reapLater`
 *   (process groups, Postgres clusters, temp folders) and this process's own children (the
 *   test workers), and only then let the process's other listeners act on the signal;
 * - the death of the parent counts as SIGTERM: `npm test` killed by a timeout dies alone,
 *   leaving vitest running tests for nobody;
 * - the exit stops what is still registered then.
 *
 * The stop is synchronous: other listeners exit the process as soon as they run (vitest's
 * 1 ms later with 128 + the signal's number, miniflare's at once), so an asynchronous stop
 * would be cut short. This listener is put first, and it ends the process itself when it is
 * the only one, as the signal would have without it. (`npm start` has its own handler: it
 * stops its stack the ordinary way.)
 */
export function stopWhenInterrupted(): void {
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  for (const signal of SIGNALS) {
    process.prependListener(signal, () => {
      report(reapAllNow());
      report(endChildren(signal));
      if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
    });
  }
  process.on('exit', () => report(reapAllNow()));
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_CHECK_MS);
  watch.unref();
}

import { constants } from 'node:os';
import { reapAllNow } from './reaper';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// Once per process, however many module graphs load this file (see reaper.ts).
const INSTALLED: unique symbol = Symbol.for('callshield.stack.stop-on-signals');
const holder = globalThis as typeof globalThis & { [INSTALLED]?: true };

function report(failed: string[]): void {
  for (const what of failed) console.error(`could not stop or remove ${what}`);
}

/**
 * Makes SIGINT (Ctrl+C), SIGTERM and SIGHUP first stop everything registered with
 * `reapLater` (process groups, Postgres clusters, temp folders) and only then let the
 * process's other listeners act on the signal; and makes the process's exit stop what is
 * still registered then. For a test run, whose parts must all be gone, ports free, before the
 * shell prompt returns and the next run starts. (`npm start` has its own handler: it stops
 * its stack the ordinary way.)
 *
 * The stop is synchronous: other listeners exit the process as soon as they run (vitest's
 * exits 1 ms later with 128 + the signal's number, miniflare's at once), so an asynchronous
 * stop would be cut short. This listener is put first, and it ends the process itself when
 * it is the only one, as the signal would have without it.
 */
export function stopOnSignals(): void {
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  for (const signal of SIGNALS) {
    process.prependListener(signal, () => {
      report(reapAllNow());
      if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
    });
  }
  process.on('exit', () => report(reapAllNow()));
}

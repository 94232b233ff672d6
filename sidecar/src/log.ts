/**
 * The sidecar's logger: core's structured logger (`#core/log`, the Worker's too), every line
 * on stderr. Callers pass fields, never transcripts or secrets; the shared redaction rule
 * applies as well.
 */
import { createLogger } from '#core/log';

export { type Logger, silentLogger } from '#core/log';

/** The production logger. */
export const jsonLogger = createLogger({
  sink: (_level, line) => process.stderr.write(`${line}\n`),
});

/**
 * Structured one-line JSON logs on stderr. Callers pass fields, never transcripts or secrets;
 * the logger also applies the shared redaction rule (core/log-fields.ts), as the Worker does.
 */
import { redactFields } from '#core/log-fields';

/** Minimal logger interface so tests can capture or silence output. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

function write(level: string, event: string, fields: Record<string, unknown> = {}): void {
  const safe = redactFields(fields);
  process.stderr.write(
    `${JSON.stringify({ t: new Date().toISOString(), level, event, ...safe })}\n`,
  );
}

/** The production logger. */
export const jsonLogger: Logger = {
  info: (e, f) => write('info', e, f),
  warn: (e, f) => write('warn', e, f),
  error: (e, f) => write('error', e, f),
};

/** Discards everything (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

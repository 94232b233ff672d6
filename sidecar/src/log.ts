/**
 * Structured one-line JSON logs on stderr. Callers pass fields, never transcripts or secrets;
 * the logger itself also drops a few field names that must never be written.
 */

/** Minimal logger interface so tests can capture or silence output. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const REDACTED_FIELDS = new Set(['text', 'transcript', 'secret', 'upload_url', 'authorization']);

function write(level: string, event: string, fields: Record<string, unknown> = {}): void {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) safe[k] = REDACTED_FIELDS.has(k) ? '[redacted]' : v;
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

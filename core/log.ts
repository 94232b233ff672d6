import { redactFields } from './log-fields';

/**
 * The structured logger of every runtime (Worker, Durable Objects, queue consumers, sidecar):
 * one JSON object per line, an event name plus fields, redacted by the shared rule
 * (`./log-fields.ts`). Workers Logs and `wrangler tail` index the JSON fields. Each runtime
 * only picks where lines go (a `LogSink`): the console by default, stderr in the sidecar.
 */

/** The console every runtime has; core's ES-only lib does not declare it. */
declare const console: { log(line: string): void; error(line: string): void };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What code logs through; `child` binds fields (request id, stream id) to every line. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Where lines go; tests pass an array-backed sink to read them. */
export type LogSink = (level: LogLevel, line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Errors and warnings to stderr, the rest to stdout, as workerd and Node both expect. */
export const consoleSink: LogSink = (level, line) => {
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
};

/** A logger writing lines at `minLevel` and above, with `bound` fields on every line. */
export function createLogger(
  options: { sink?: LogSink; minLevel?: LogLevel; bound?: Record<string, unknown> } = {},
): Logger {
  const sink = options.sink ?? consoleSink;
  const min = RANK[options.minLevel ?? 'info'];
  const bound = options.bound ?? {};
  const write = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < min) return;
    const line = redactFields({ ...bound, ...fields });
    sink(level, JSON.stringify({ t: new Date().toISOString(), level, event, ...line }));
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) =>
      createLogger({ sink, minLevel: options.minLevel, bound: { ...bound, ...fields } }),
  };
}

/** Discards everything (tests, command-line checks). */
export const silentLogger: Logger = createLogger({ sink: () => {} });

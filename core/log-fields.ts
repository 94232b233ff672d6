/**
 * The redaction rule every structured logger applies (the Worker's, the Durable Object's and
 * the sidecar's), so a field that must never be written is dropped the same way everywhere.
 * Pure: it only reshapes the fields; each runtime writes the line itself.
 */

/** Field names whose values are never written: secrets, credentials, and what callers said. */
const SECRET_KEY =
  /secret|token|password|passwd|authorization|api_?key|cookie|signature|^sig$|transcript|^text$|phone|caller_?number|upload_url|ticket/i;

const MAX_DEPTH = 3;
const MAX_STRING = 500;

/** Shown instead of a redacted value. */
export const REDACTED = '[redacted]';

/**
 * A copy of `fields` that is safe to log: values under secret-looking names are replaced,
 * URLs lose their query string (presigned URLs carry their signature there), errors become
 * `Name: message`, long strings are cut, and nesting is bounded.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactObject(fields, 0);
}

function redactObject(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(value, depth);
  }
  return out;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (value instanceof Error) return cleanString(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  return redactObject(value as Record<string, unknown>, depth + 1);
}

function cleanString(value: string): string {
  const withoutQueries = value.replace(/(https?:\/\/[^\s?#]+)\?[^\s#]*/gi, `$1?${REDACTED}`);
  return withoutQueries.length > MAX_STRING
    ? `${withoutQueries.slice(0, MAX_STRING)}…`
    : withoutQueries;
}

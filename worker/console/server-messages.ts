/**
 * Reading `/ws/stream` text frames with the server's own schemas (core/schemas), so every
 * message the page acts on has the shape the server promises, and one that does not is
 * reported rather than half-drawn.
 */
import { type ServerMessage, ServerMessageSchema } from '#core/schemas/stream-protocol';
import { firstIssue } from './schema-issue';

/** What a text frame turned out to be. */
export type Frame =
  | { kind: 'message'; message: ServerMessage }
  /** A message of a type this page knows whose fields are not what the schema says. */
  | { kind: 'invalid'; type: string; problem: string }
  /** Not JSON, not an object with a `type`, or a type this page does not know. */
  | { kind: 'ignored' };

/** The message types the page knows; CallShield's clients ignore any other. */
const KNOWN_TYPES: ReadonlySet<string> = new Set(
  ServerMessageSchema.options.map((option) => option.shape.type.value),
);

/** Parses one frame's data. */
export function readFrame(data: unknown): Frame {
  if (typeof data !== 'string') return { kind: 'ignored' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: 'ignored' };
  }
  const type =
    typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string'
      ? json.type
      : null;
  if (type === null || !KNOWN_TYPES.has(type)) return { kind: 'ignored' };
  const parsed = ServerMessageSchema.safeParse(json);
  if (parsed.success) return { kind: 'message', message: parsed.data };
  return { kind: 'invalid', type, problem: firstIssue(parsed.error) };
}

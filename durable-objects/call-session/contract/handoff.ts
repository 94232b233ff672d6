/**
 * How the Worker hands a socket to a CallSession: which session (its name), and what the Worker
 * found out about the caller (headers only the Worker may set). Both sides read this module, so
 * a header is named once.
 */
import { z } from 'zod';
import { ALERT_LEVELS } from '#core/alerts';
import { STIR_VERSTATS } from '#core/trust/caller-trust';

/** The protocols a CallSession speaks; each socket is tagged with one. */
export const TRANSPORT_NAMES = ['callshield', 'twilio'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

/**
 * The CallSession a stream lives in. A `/ws/stream` stream id is its own name; any other
 * transport's ids live in a namespace of their own (`twilio:CA…`), so a client can never name
 * a stream into a phone call's session. (Stream ids hold no colon: see `StreamIdSchema`.)
 */
export function sessionName(transport: TransportName, id: string): string {
  return transport === 'callshield' ? id : `${transport}:${id}`;
}

/** The CallSession of a phone call, by its Twilio call SID. */
export function callSessionName(callSid: string): string {
  return sessionName('twilio', callSid);
}

/** What the Worker tells a CallSession when it hands it a socket. */
export interface SessionHandoff {
  /** The Worker's request id, for the session's error answers. */
  requestId: string;
  transport: TransportName;
  /** The stream id (`/ws/stream`), or the call SID (a phone call). */
  streamId: string;
  /** The organisation the Worker authenticated the caller into. */
  org: string;
  /** Who opened the stream (its analysis records them). */
  userId: string | null;
  apiKeyId: string | null;
  /** A one-time ticket's id: the session refuses a ticket it has seen before. */
  ticketId: string | null;
}

/** The header that carries each field of the handoff. */
const HEADERS: Record<keyof SessionHandoff, string> = {
  requestId: 'X-Request-Id',
  transport: 'X-Transport',
  streamId: 'X-Stream-Id',
  org: 'X-Org-Id',
  userId: 'X-User-Id',
  apiKeyId: 'X-Api-Key-Id',
  ticketId: 'X-Ticket-Id',
};

/**
 * The handoff as the session reads it. Only the Worker reaches a CallSession, so nothing here is
 * a client's word; a missing header reads as the session always read it.
 */
const HandoffSchema = z.object({
  requestId: z.string().catch(() => crypto.randomUUID()),
  transport: z.enum(TRANSPORT_NAMES).catch('callshield'),
  streamId: z.string().catch(''),
  org: z.string().catch(''),
  userId: z.string().nullable().catch(null),
  apiKeyId: z.string().nullable().catch(null),
  ticketId: z.string().nullable().catch(null),
});

/**
 * The headers of the request the Worker forwards to the session: the client's own, less any it
 * sent under a handoff header's name (only the Worker speaks for the caller), plus the handoff.
 */
export function handoffHeaders(client: Headers, handoff: SessionHandoff): Headers {
  const headers = new Headers(client);
  for (const [field, name] of Object.entries(HEADERS)) {
    headers.delete(name);
    const value = handoff[field as keyof SessionHandoff];
    if (value) headers.set(name, value);
  }
  return headers;
}

/** The handoff the Worker wrote on `request` (see `handoffHeaders`). */
export function readHandoff(headers: Headers): SessionHandoff {
  const raw = Object.fromEntries(
    Object.entries(HEADERS).map(([field, name]) => [field, headers.get(name)]),
  );
  return HandoffSchema.parse(raw);
}

/**
 * Who is calling, as the voice webhook found out (worker/twilio/caller.ts): the keyed hash of
 * the caller's E.164 number (null: withheld, not a phone number, or no key) and Twilio's
 * STIR/SHAKEN result (null: none sent). Signed into the stream token, so a socket can't make it
 * up.
 */
export const StreamCallerSchema = z.object({
  hash: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .nullable(),
  verstat: z.enum(STIR_VERSTATS).nullable(),
});
export type StreamCaller = z.infer<typeof StreamCallerSchema>;

/** No caller known: a token made before callers were, or a transport without one. */
export const NO_CALLER: StreamCaller = { hash: null, verstat: null };

/**
 * What the short-lived token in a phone call's TwiML vouches for. The Worker's voice webhook
 * signs it (worker/twilio/stream-token.ts); Twilio hands it back in the stream's `start`, and the
 * session keeps the call only when it checks out (transports/twilio/call-record.ts).
 */
export const StreamCallSchema = z.object({
  org: z.string(),
  callSid: z.string(),
  /** The Twilio account the call came in on: its stream's `start` must name it. */
  account: z.string(),
  from: z.string().max(64),
  to: z.string().max(64),
  mode: z.enum(['start', 'connect']),
  /** The alert level at which the caller is warned; null: never. */
  warn: z.enum(ALERT_LEVELS).nullable(),
  /** Who is calling; a token signed before callers were carried has none. */
  caller: StreamCallerSchema.default(NO_CALLER),
});
/** What a stream token vouches for. */
export type StreamCall = z.infer<typeof StreamCallSchema>;
/** What a stream token is signed from (the caller may be left out: none known). */
export type StreamCallInput = z.input<typeof StreamCallSchema>;

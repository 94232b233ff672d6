import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { STREAM_TICKET_TTL_S } from '#core/limits';
import { MAX_CHUNK_BYTES, MAX_CHUNKS } from '#core/schemas/stream-protocol';
import {
  handoffHeaders,
  StreamStateSchema,
  sessionName,
} from '../../durable-objects/call-session/contract';
import { inBackground } from '../background';
import { roleAtLeast } from '../db/organization-members';
import type { AppEnv } from '../env';
import { ApiError, errorResponses } from '../errors';
import { ORG_HEADER, requireRole } from '../middleware/auth';
import { rateLimit } from '../middleware/rate-limit';
import { CREDENTIALS, createRouter } from '../openapi';
import type { Caller } from '../services/auth/caller';
import { issueTicket, verifyTicket } from '../services/tickets';
import { inBandRefusal } from './stream-refusal';

const StreamIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'stream ids are 8–64 letters, digits or dashes')
  .openapi({ example: '5f0c6f8e-2c1b-4f7e-9a51-0d7f3f7f9a10' });

const socketRoute = createRoute({
  method: 'get',
  path: '/ws/stream',
  tags: ['Streams'],
  operationId: 'streamAudio',
  summary: 'Live stream scoring over a WebSocket (CallShield protocol)',
  description:
    `Upgrade to a WebSocket, send each audio chunk as one binary frame holding a WAV file ` +
    `(≤ ${MAX_CHUNK_BYTES / 1024} KB, ≤ ${MAX_CHUNKS} chunks), then {"type":"end_stream"}. The server answers ` +
    '`connected` (with the stream id), one `partial_result` per chunk, `error` for bad frames, and always a ' +
    '`final_result` before it closes. Reconnect with `stream_id` and `last_chunk_index` to continue a call of ' +
    'your organisation; any other `stream_id` (unknown, or another organisation’s) is 404. New streams get ' +
    'their id from the server.',
  request: {
    query: z.object({
      stream_id: StreamIdSchema.optional(),
      last_chunk_index: z.coerce.number().int().min(0).max(MAX_CHUNKS).optional(),
      ticket: z.string().max(2_048).optional().openapi({
        description:
          'One-time ticket from POST /api/streams/ticket (browsers; API clients may send X-API-Key or a bearer token instead).',
      }),
      api_key: z.string().max(512).optional().openapi({
        description:
          'An organisation API key, as CallShield\'s clients send it (an empty one is no key). A key that is missing or refused is answered in band: the socket opens, gets {"type":"error","code":"UNAUTHORIZED"} and closes with 4001.',
      }),
    }),
  },
  security: CREDENTIALS,
  responses: {
    101: { description: 'Switching protocols: the stream is open.' },
    ...errorResponses(400, 401, 403, 404, 426, 503),
  },
});

const TicketRequestSchema = z
  .object({
    stream_id: StreamIdSchema.optional().openapi({
      description: 'Resume this stream; a new one when absent.',
    }),
  })
  .openapi('TicketRequest');

const TicketSchema = z
  .object({
    ticket: z.string(),
    stream_id: z.string(),
    expires_at: z.string(),
    ws_path: z.string().openapi({ example: '/ws/stream?ticket=…' }),
  })
  .openapi('StreamTicket');

const ticketRoute = createRoute({
  method: 'post',
  path: '/api/streams/ticket',
  tags: ['Streams'],
  operationId: 'createStreamTicket',
  summary: 'Issue a one-time WebSocket ticket',
  description: `Browsers cannot set headers on a WebSocket: this authenticated call returns a ticket valid once, for ${STREAM_TICKET_TTL_S} s. Needs the analyst role; counts as a new stream for the rate limit (RATE_LIMIT_STREAMS).`,
  security: CREDENTIALS,
  middleware: [requireRole('analyst'), rateLimit('streams')] as const,
  request: {
    body: { required: false, content: { 'application/json': { schema: TicketRequestSchema } } },
  },
  responses: {
    200: { description: 'The ticket.', content: { 'application/json': { schema: TicketSchema } } },
    ...errorResponses(400, 401, 403, 404, 429, 503),
  },
});

const stateRoute = createRoute({
  method: 'get',
  path: '/api/streams/{id}',
  tags: ['Streams'],
  operationId: 'getStream',
  summary: 'Stored state and final result of a stream',
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: { params: z.object({ id: StreamIdSchema }) },
  responses: {
    200: {
      description: 'The stream.',
      content: { 'application/json': { schema: StreamStateSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

/**
 * Who opens a socket: a ticket (browsers), else the same credentials as REST (API clients;
 * the open caller while auth is off), with the analyst role in the organisation.
 */
async function socketCaller(
  c: Context<AppEnv>,
  query: { ticket?: string; stream_id?: string; api_key?: string },
): Promise<{ caller: Caller; streamId?: string; ticketId?: string }> {
  const { auth, config } = c.var.services;
  if (!query.ticket) {
    const identity = await auth.identify(credentialHeaders(c, query.api_key), (work) =>
      inBackground(c, work),
    );
    const caller = await auth.callerFor(identity, c.req.header(ORG_HEADER) ?? null);
    if (!roleAtLeast(caller.role, 'analyst'))
      throw new ApiError(
        'FORBIDDEN',
        `streaming needs the analyst role or above; you are ${caller.role}`,
      );
    return { caller };
  }
  const claims = await verifyTicket(config.auth.ticketSecret, query.ticket);
  if (!claims) throw new ApiError('UNAUTHORIZED', 'the ticket is invalid or has expired');
  if (query.stream_id && query.stream_id !== claims.streamId)
    throw new ApiError('UNAUTHORIZED', 'the ticket is for another stream');
  return {
    caller: {
      via: 'ticket',
      org: claims.org,
      role: 'analyst',
      userId: claims.userId,
      apiKeyId: claims.apiKeyId,
      accessToken: null,
    },
    streamId: claims.streamId,
    ticketId: claims.ticketId,
  };
}

/**
 * The headers credentials are read from: the request's, with CallShield's `?api_key=` as the
 * `X-API-Key` when it is not empty (its client always sends the parameter, empty without a key).
 */
function credentialHeaders(c: Context<AppEnv>, apiKey: string | undefined): Headers {
  const key = apiKey?.trim();
  if (!key) return c.req.raw.headers;
  const headers = new Headers(c.req.raw.headers);
  headers.set('X-API-Key', key);
  return headers;
}

/** `GET /ws/stream` (hands the socket to the stream's CallSession) and `GET /api/streams/{id}`. */
export const streams = createRouter()
  .openapi(socketRoute, async (c) => {
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(
        'UPGRADE_REQUIRED',
        'this endpoint speaks WebSocket: send Upgrade: websocket',
      );
    }
    const query = c.req.valid('query');
    let opened: Awaited<ReturnType<typeof socketCaller>>;
    try {
      opened = await socketCaller(c, query);
      // A ticket was counted when it was issued.
      if (!query.ticket)
        await c.var.services.rateLimits.take('streams', opened.caller, c.req.raw.headers);
    } catch (error) {
      // Refused in band, as CallShield does, so a browser (which never sees an upgrade's
      // status) can show why. A ticket keeps its HTTP status: our console asks for a fresh one.
      const refusal = error instanceof ApiError && !query.ticket ? inBandRefusal(error) : null;
      if (refusal) return refusal;
      throw error;
    }
    const { caller, streamId: ticketStream, ticketId } = opened;
    const streamId = ticketStream ?? query.stream_id ?? crypto.randomUUID();
    // A stream id the client names resumes a stream of its own organisation; any other id,
    // unknown or another organisation's, is the same 404, so the answer tells nothing about
    // whose ids exist. New streams get the server's ids (a ticket's was checked when issued).
    const session = c.env.CALL_SESSION.getByName(sessionName('callshield', streamId));
    if (!ticketStream && query.stream_id) {
      const owned = await session.belongsTo(caller.org);
      if (!owned) throw new ApiError('NOT_FOUND', 'no stream with that id');
    }
    // Only the Worker speaks for the caller: whatever the client sent under the handoff's
    // headers is dropped.
    const headers = handoffHeaders(c.req.raw.headers, {
      requestId: c.var.requestId,
      transport: 'callshield',
      streamId,
      org: caller.org,
      userId: caller.userId,
      apiKeyId: caller.apiKeyId,
      ticketId: ticketId ?? null,
    });
    // The credentials stay here: the stream only learns who the caller is (above).
    const url = new URL(c.req.url);
    for (const name of ['api_key', 'ticket']) url.searchParams.delete(name);
    return session.fetch(
      new Request(url, new Request(c.req.raw, { headers })),
    ) as unknown as Response;
  })
  .openapi(ticketRoute, async (c) => {
    const body = c.req.valid('json') as { stream_id?: string };
    const { caller } = c.var;
    const org = caller.org;
    const streamId = body.stream_id ?? crypto.randomUUID();
    if (body.stream_id) {
      const session = c.env.CALL_SESSION.getByName(sessionName('callshield', streamId));
      const owned = await session.belongsTo(org);
      if (!owned) throw new ApiError('NOT_FOUND', 'no stream with that id');
    }
    const { ticket, expiresAt } = await issueTicket(
      c.var.config.auth.ticketSecret,
      caller,
      streamId,
    );
    return c.json(
      {
        ticket,
        stream_id: streamId,
        expires_at: new Date(expiresAt * 1000).toISOString(),
        ws_path: `/ws/stream?ticket=${encodeURIComponent(ticket)}`,
      },
      200,
    );
  })
  .openapi(stateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const session = c.env.CALL_SESSION.getByName(sessionName('callshield', id));
    const state = await session.getState(c.var.caller.org);
    if (!state) throw new ApiError('NOT_FOUND', 'no stream with that id');
    return c.json(state, 200);
  });

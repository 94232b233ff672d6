import { createRoute, z } from '@hono/zod-openapi';
import {
  FinalResultSchema,
  MAX_CHUNK_BYTES,
  MAX_CHUNKS,
  PartialResultSchema,
} from '../../durable-objects/call-session/protocol';
import { ApiError, errorResponses } from '../errors';
import { createRouter } from '../openapi';

const StreamIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'stream ids are 8–64 letters, digits or dashes')
  .openapi({ example: '5f0c6f8e-2c1b-4f7e-9a51-0d7f3f7f9a10' });

const socketRoute = createRoute({
  method: 'get',
  path: '/ws/stream',
  tags: ['Streams'],
  summary: 'Live stream scoring over a WebSocket (CallShield protocol)',
  description:
    `Upgrade to a WebSocket, send each audio chunk as one binary frame holding a WAV file ` +
    `(≤ ${MAX_CHUNK_BYTES / 1024} KB, ≤ ${MAX_CHUNKS} chunks), then {"type":"end_stream"}. The server answers ` +
    '`connected` (with the stream id), one `partial_result` per chunk, `error` for bad frames, and always a ' +
    '`final_result` before it closes. Reconnect with `stream_id` and `last_chunk_index` to continue a call.',
  request: {
    query: z.object({
      stream_id: StreamIdSchema.optional(),
      last_chunk_index: z.coerce.number().int().min(0).max(MAX_CHUNKS).optional(),
    }),
  },
  responses: {
    101: { description: 'Switching protocols: the stream is open.' },
    ...errorResponses(400, 426),
  },
});

const StreamStateSchema = z
  .object({
    stream_id: z.string(),
    status: z.enum(['open', 'final']),
    created_at: z.string(),
    last_activity_at: z.string(),
    chunks_received: z.number().int(),
    transcript: z.string(),
    chunks: z.array(PartialResultSchema),
    final_result: FinalResultSchema.nullable(),
  })
  .openapi('StreamState');

const stateRoute = createRoute({
  method: 'get',
  path: '/api/streams/{id}',
  tags: ['Streams'],
  summary: 'Stored state and final result of a stream',
  request: { params: z.object({ id: StreamIdSchema }) },
  responses: {
    200: {
      description: 'The stream.',
      content: { 'application/json': { schema: StreamStateSchema } },
    },
    ...errorResponses(400, 404),
  },
});

/** `GET /ws/stream` (hands the socket to the stream's CallSession) and `GET /api/streams/{id}`. */
export const streams = createRouter()
  .openapi(socketRoute, async (c) => {
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(
        'UPGRADE_REQUIRED',
        'this endpoint speaks WebSocket: send Upgrade: websocket',
      );
    }
    const { stream_id } = c.req.valid('query');
    const streamId = stream_id ?? crypto.randomUUID();
    const stub = c.env.CALL_SESSION.getByName(streamId);
    const headers = new Headers(c.req.raw.headers);
    headers.set('X-Stream-Id', streamId);
    return stub.fetch(new Request(c.req.raw, { headers })) as unknown as Response;
  })
  .openapi(stateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const stub = c.env.CALL_SESSION.getByName(id);
    const state = await stub.getState();
    if (!state) throw new ApiError('NOT_FOUND', 'no stream with that id');
    return c.json(state, 200);
  });

/**
 * What the session sends on `/ws/stream`: every server message goes through `send`, which
 * never throws, because a socket may close at any moment and the result is stored anyway.
 */

import {
  type ConnectedMessage,
  type ErrorMessage,
  MAX_CHUNK_BYTES,
  MAX_CHUNKS,
  type ServerMessage,
} from '#core/schemas/stream-protocol';
import type { GreetingSettings, Socket } from './transport';

/** Sends one message; a closed socket cannot be told (GET /api/streams/{id} has the result). */
export function send(ws: Socket, message: ServerMessage): void {
  try {
    ws.send(JSON.stringify(message));
  } catch {
    // the socket is closed or closing
  }
}

/** Sends a protocol `error`, tied to a chunk when one caused it. */
export function sendError(
  ws: Socket,
  code: ErrorMessage['code'],
  detail: string,
  chunkIndex?: number,
): void {
  send(ws, {
    type: 'error',
    code,
    detail,
    ...(chunkIndex === undefined ? {} : { chunk_index: chunkIndex }),
  });
}

/** The first message on every socket: the stream's id, how far it got, and its limits. */
export function connectedMessage(
  config: GreetingSettings,
  streamId: string,
  lastChunkIndex: number,
): ConnectedMessage {
  const t = config.thresholds;
  return {
    type: 'connected',
    stream_id: streamId,
    last_chunk_index: lastChunkIndex,
    resumed: lastChunkIndex > 0,
    limits: {
      max_chunk_bytes: MAX_CHUNK_BYTES,
      max_chunks: MAX_CHUNKS,
      idle_timeout_ms: config.streams.idleTimeoutMs,
    },
    thresholds: { suspicious: t.suspicious, likely_scam: t.likelyScam, scam: t.scam },
  };
}

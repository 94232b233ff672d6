import type { ErrorMessage } from '#core/schemas/stream-protocol';
import type { ApiError } from '../errors';

/** Close codes of a socket refused before its stream opens (docs/stream-protocol.md). */
export const REFUSAL_CLOSE = {
  /** CallShield's code for a missing or refused API key. */
  unauthorized: 4001,
  /** Too many new streams: 4000 + HTTP 429, as 4409 mirrors 409. */
  rateLimited: 4029,
} as const;

/** CallShield's text for a refused key, which its client shows. */
const BAD_KEY_DETAIL = 'Invalid or missing API key.';

/**
 * A WebSocket refused the way CallShield refuses one: accepted, told why in an `error`
 * message, then closed (4001 for credentials, 4029 for the rate limit). Null for errors that
 * keep their HTTP status (a database outage, a malformed request).
 */
export function inBandRefusal(error: ApiError): Response | null {
  let message: ErrorMessage;
  let code: number;
  if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') {
    const detail = error.code === 'UNAUTHORIZED' ? BAD_KEY_DETAIL : error.message;
    message = { type: 'error', code: error.code, detail };
    code = REFUSAL_CLOSE.unauthorized;
  } else if (error.code === 'RATE_LIMITED') {
    message = {
      type: 'error',
      code: error.code,
      detail: error.message,
      retry_after: error.retryAfter,
    };
    code = REFUSAL_CLOSE.rateLimited;
  } else return null;
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.send(JSON.stringify(message));
  server.close(code, message.code === 'RATE_LIMITED' ? 'rate limited' : 'unauthorized');
  return new Response(null, { status: 101, webSocket: client });
}

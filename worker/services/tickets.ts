import { errors, jwtVerify, SignJWT } from 'jose';
import { STREAM_TICKET_TTL_S } from '#core/limits';

/**
 * One-time WebSocket tickets. Browsers cannot set headers on a WebSocket, so an authenticated
 * REST call issues a short-lived signed ticket for one stream, which the socket presents as a
 * query parameter. The stream's CallSession records each ticket id, so a ticket works once.
 */

const AUDIENCE = 'callshield:ws-stream';

export interface TicketClaims {
  org: string;
  streamId: string;
  ticketId: string;
  /** Who the ticket was issued to, so the stream's analysis records who ran it. */
  userId: string | null;
  apiKeyId: string | null;
}

/** Who a ticket is issued to. */
export interface TicketHolder {
  org: string;
  userId: string | null;
  apiKeyId: string | null;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Issues a ticket for `streamId` to `holder` (in the holder's organisation). */
export async function issueTicket(
  secret: string,
  holder: TicketHolder,
  streamId: string,
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = Math.floor(Date.now() / 1000) + STREAM_TICKET_TTL_S;
  const ticket = await new SignJWT({ sid: streamId, uid: holder.userId, kid: holder.apiKeyId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(holder.org)
    .setAudience(AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key(secret));
  return { ticket, expiresAt };
}

/** Verifies a ticket's signature, audience and expiry; null when it is not valid. */
export async function verifyTicket(secret: string, ticket: string): Promise<TicketClaims | null> {
  try {
    const { payload } = await jwtVerify(ticket, key(secret), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.jti !== 'string'
    )
      return null;
    const optional = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      org: payload.sub,
      streamId: payload.sid,
      ticketId: payload.jti,
      userId: optional(payload.uid),
      apiKeyId: optional(payload.kid),
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

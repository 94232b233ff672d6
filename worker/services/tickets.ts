import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * One-time WebSocket tickets. Browsers cannot set headers on a WebSocket, so an authenticated
 * REST call issues a short-lived signed ticket for one stream, which the socket presents as a
 * query parameter. The stream's CallSession records each ticket id, so a ticket works once.
 */

const AUDIENCE = 'callshield:ws-stream';
export const TICKET_TTL_SECONDS = 60;

export interface TicketClaims {
  org: string;
  streamId: string;
  ticketId: string;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Issues a ticket for `streamId` in `org`. */
export async function issueTicket(
  secret: string,
  org: string,
  streamId: string,
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = Math.floor(Date.now() / 1000) + TICKET_TTL_SECONDS;
  const ticket = await new SignJWT({ sid: streamId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(org)
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
    return { org: payload.sub, streamId: payload.sid, ticketId: payload.jti };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

import { jwtVerify, SignJWT } from 'jose';
import { TWILIO_STREAM_TOKEN_TTL_S } from '#core/limits';
import {
  type StreamCall,
  type StreamCallInput,
  StreamCallSchema,
} from '../../durable-objects/call-session/contract';

/**
 * The short-lived token the voice webhook hands Twilio as a stream `<Parameter>`: it binds
 * the organisation, the call, its numbers and who is calling (the caller's keyed hash and
 * STIR/SHAKEN result, worker/twilio/caller.ts), so the media socket keeps only what our own
 * webhook answered for (a replayed upgrade without a fresh token is turned away). Its claims
 * are the CallSession contract's (`StreamCallSchema`): the session checks them in the `start`.
 */

const AUDIENCE = 'callshield:twilio-stream';

const key = (secret: string) => new TextEncoder().encode(secret);

/** Signs a token for one call's stream. */
export function issueStreamToken(
  secret: string,
  call: StreamCallInput,
  now = Date.now(),
): Promise<string> {
  return new SignJWT({ call })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + TWILIO_STREAM_TOKEN_TTL_S)
    .sign(key(secret));
}

/** The call a token vouches for; null when it is forged, expired or malformed. */
export async function verifyStreamToken(secret: string, token: string): Promise<StreamCall | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    const call = StreamCallSchema.safeParse(payload.call);
    return call.success ? call.data : null;
  } catch {
    return null;
  }
}

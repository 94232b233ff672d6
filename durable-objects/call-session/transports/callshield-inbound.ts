/**
 * Validation of what a client sends on `/ws/stream`. Every frame becomes either something the
 * session can act on or the protocol `error` to answer with; nothing here throws.
 */
import { readWav, WavError, type WavInfo } from '#core/audio/wav-reader';
import {
  type ClientMessage,
  ClientMessageSchema,
  type ErrorMessage,
  MAX_CHUNK_BYTES,
} from '#core/schemas/stream-protocol';

type Refusal = { ok: false; error: Pick<ErrorMessage, 'code' | 'detail'> };

/**
 * A text frame: one of the client messages; `null` for a frame to ignore, as CallShield
 * ignores it: a JSON object of any other type (its clients may send messages a server does
 * not know) and text that is no JSON at all (its own tests expect the stream to carry on with
 * no answer to it); or why it isn't a message (JSON that is no object: CallShield dropped the
 * socket there, we say why and go on).
 */
export function readTextFrame(raw: string): { ok: true; message: ClientMessage | null } | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: true, message: null };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_MESSAGE',
        detail: 'text frames must be JSON objects such as {"type":"end_stream"}',
      },
    };
  }
  const parsed = ClientMessageSchema.safeParse(json);
  return { ok: true, message: parsed.success ? parsed.data : null };
}

/** A binary frame: a WAV chunk within the size limit, measured, or why it isn't one. */
export function readAudioFrame(bytes: Uint8Array): { ok: true; wav: WavInfo } | Refusal {
  if (bytes.byteLength > MAX_CHUNK_BYTES) {
    return {
      ok: false,
      error: {
        code: 'CHUNK_TOO_LARGE',
        // CallShield's words ("Chunk too large"), which its clients look for.
        detail: `Chunk too large: ${bytes.byteLength} bytes; the limit is ${MAX_CHUNK_BYTES}`,
      },
    };
  }
  try {
    return { ok: true, wav: readWav(bytes) };
  } catch (error) {
    const detail = error instanceof WavError ? error.message : 'frame is not a WAV file';
    return { ok: false, error: { code: 'INVALID_AUDIO', detail } };
  }
}

/**
 * The `/ws/stream` protocol (CallShield's, message shapes in `#core/schemas/stream-protocol`):
 * each binary frame is one WAV chunk; text frames are `end_stream` and `ping`, and a JSON
 * object of any other type is ignored, as CallShield ignores it. A client that
 * reconnects says which chunk it has results up to (`last_chunk_index`), so its resent chunks
 * keep their indices and are answered with their stored results, marked `duplicate`.
 */
import {
  type ChunkResult,
  type FinalResult,
  MAX_CHUNKS,
  type PartialResult,
  type StreamFinal,
} from '#core/schemas/stream-protocol';
import type { CallHooks } from './call-hooks';
import { readAudioFrame, readTextFrame } from './callshield-inbound';
import { connectedMessage, send, sendError } from './callshield-outbound';
import type { FrameAction, SocketAttachment, StreamTransport } from './transport';

/** A chunk's result as a `partial_result` message (also how `GET /api/streams/{id}` lists it). */
export function partialMessage(
  streamId: string,
  result: ChunkResult,
  duplicate?: boolean,
): PartialResult {
  return {
    type: 'partial_result',
    stream_id: streamId,
    ...result,
    ...(duplicate ? { duplicate } : {}),
  };
}

/** The final result as a `final_result` message (also how `GET /api/streams/{id}` shows it). */
export function finalMessage(streamId: string, final: StreamFinal): FinalResult {
  return { type: 'final_result', stream_id: streamId, ...final };
}

/**
 * A `/ws/stream` stream's call hooks: it has no start to check, no clock to keep to, no caller
 * to warn; it is kept under its stream id with nothing added, and has no call details.
 */
const streamHooks: CallHooks = {
  checkStart: async () => ({ ok: false, closeReason: 'this protocol has no start message' }),
  started: () => false,
  refused: () => false,
  pace: async () => null,
  alerted: async () => {},
  ending: () => {},
  kept: (streamId) => ({ callId: streamId, metadata: {} }),
  details: () => null,
};

/** The CallShield-compatible transport. */
export const callshieldTransport: StreamTransport = {
  name: 'callshield',
  callSource: 'stream',
  maxWindows: MAX_CHUNKS,
  // A reconnecting client resumes with its stream id (its organisation was checked); a
  // recorded call may be sent faster than it was spoken (MAX_CHUNKS and the stream rate limit
  // bound it).
  verifiesStart: false,
  realTime: false,

  open(ws, { streamId, lastProcessed, lastTaken, claimedLast, config }) {
    send(ws, connectedMessage(config, streamId, lastProcessed));
    // Resent chunks after `claimedLast` keep their indices (a resend of one still in flight
    // is answered as its duplicate once it is done); without a claim, or with one past every
    // index given out, the count continues after the last one given out.
    const resumeFrom =
      claimedLast !== undefined && Number.isInteger(claimedLast) && claimedLast >= 0
        ? Math.min(claimedLast, lastTaken)
        : lastTaken;
    return { transport: 'callshield', nextIndex: resumeFrom + 1 };
  },

  receive(ws, attachment, frame) {
    const actions: FrameAction[] = [];
    let next: SocketAttachment = attachment;
    if (typeof frame === 'string') {
      const text = readTextFrame(frame);
      if (!text.ok) sendError(ws, text.error.code, text.error.detail);
      else if (text.message?.type === 'ping') send(ws, { type: 'pong' });
      else if (text.message?.type === 'end_stream') actions.push({ kind: 'end' });
    } else {
      const bytes = new Uint8Array(frame);
      const audio = readAudioFrame(bytes);
      if (!audio.ok) {
        sendError(ws, audio.error.code, audio.error.detail);
      } else {
        // The index is taken on arrival, so chunks keep their order whatever the queue does.
        const index = attachment.nextIndex;
        next = { ...attachment, nextIndex: index + 1 };
        actions.push({ kind: 'window', window: { index, wav: bytes, info: audio.wav } });
      }
    }
    return { attachment: next, actions };
  },

  drain() {
    // Each binary frame is a whole chunk: nothing is held between frames.
    return [];
  },

  outcome(ws, streamId, outcome) {
    switch (outcome.kind) {
      case 'scored':
        if (outcome.result.transcription === 'unavailable') {
          sendError(
            ws,
            'TRANSCRIPTION_UNAVAILABLE',
            'this chunk could not be transcribed; the stream goes on',
            outcome.result.chunk_index,
          );
        }
        send(ws, partialMessage(streamId, outcome.result));
        return;
      case 'duplicate':
        send(ws, partialMessage(streamId, outcome.result, true));
        return;
      case 'over_limit':
        sendError(
          ws,
          'CHUNK_LIMIT_REACHED',
          `a stream holds at most ${outcome.limit} chunks`,
          outcome.index,
        );
        return;
      case 'ended':
        sendError(ws, 'STREAM_ENDED', 'this stream has already ended', outcome.index);
        return;
    }
  },

  alert(ws, streamId, alert) {
    // A message type CallShield's clients don't know: they ignore it.
    send(ws, { type: 'alert', stream_id: streamId, ...alert });
  },

  final(ws, streamId, final) {
    // CallShield says why an idle stream ends (its clients look for "timeout"); the final
    // result it never sent then follows.
    if (final.reason === 'idle_timeout')
      sendError(ws, 'IDLE_TIMEOUT', 'Chunk timeout: no data received; the final result follows');
    send(ws, finalMessage(streamId, final));
  },

  ended(ws, streamId, final) {
    sendError(ws, 'STREAM_ENDED', 'this stream has already ended');
    if (final) send(ws, finalMessage(streamId, final));
  },

  callHooks: () => streamHooks,
};

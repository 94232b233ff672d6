import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import {
  AlertMessageSchema,
  type ChunkResult,
  type ServerMessage,
  type StreamFinal,
} from '#core/schemas/stream-protocol';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';
import { callshieldTransport as transport } from '../../../durable-objects/call-session/transports/callshield';
import type { Socket } from '../../../durable-objects/call-session/transports/transport';
import { loadConfig } from '../../../worker/config';

/** A socket that records what the transport sends. */
function fakeSocket() {
  const sent: ServerMessage[] = [];
  const ws: Socket = {
    send: (data) => sent.push(JSON.parse(String(data)) as ServerMessage),
    close: () => {},
  };
  return { ws, sent };
}

const config = loadConfig(env);
const wav = () => encodeWav16(new Int16Array(1_600), 16_000);
const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const result = { chunk_index: 3, transcription: 'unavailable' } as ChunkResult;

describe('the /ws/stream transport', () => {
  it.each([
    [undefined, 4, 5],
    [2, 4, 3],
    [9, 4, 5],
    [-1, 4, 5],
  ])(
    'greets with connected and, after claim %s of %s processed, numbers the next chunk %s',
    (claimed, processed, next) => {
      const { ws, sent } = fakeSocket();
      const attachment = transport.open(ws, {
        streamId: 's-1',
        lastProcessed: processed,
        lastTaken: processed,
        claimedLast: claimed,
        config,
      });
      expect(attachment).toEqual({ transport: 'callshield', nextIndex: next });
      expect(sent[0]).toMatchObject({ type: 'connected', stream_id: 's-1', resumed: true });
    },
  );

  it('numbers a new socket after windows still in flight, so they never collide', () => {
    const { ws } = fakeSocket();
    const info = { streamId: 's-1', lastProcessed: 2, lastTaken: 3, config };
    expect(transport.open(ws, { ...info, claimedLast: undefined }).nextIndex).toBe(4);
    // A client resuming from 2 resends chunk 3: it is answered as the duplicate it is.
    expect(transport.open(ws, { ...info, claimedLast: 2 }).nextIndex).toBe(3);
  });

  it('turns a WAV frame into a numbered window and answers pings and bad frames itself', () => {
    const { ws, sent } = fakeSocket();
    const start = { transport: 'callshield' as const, nextIndex: 1 };
    const audio = transport.receive(ws, start, buffer(wav()));
    expect(audio.attachment.nextIndex).toBe(2);
    expect(audio.actions).toHaveLength(1);
    expect(audio.actions[0]).toMatchObject({ kind: 'window', window: { index: 1 } });
    expect(transport.receive(ws, start, '{"type":"end_stream"}').actions).toEqual([
      { kind: 'end' },
    ]);
    expect(transport.receive(ws, start, '{"type":"ping"}').actions).toEqual([]);
    const junk = transport.receive(ws, start, buffer(new Uint8Array(100)));
    expect(junk).toEqual({ attachment: start, actions: [] });
    expect(sent.map((m) => (m.type === 'error' ? m.code : m.type))).toEqual([
      'pong',
      'INVALID_AUDIO',
    ]);
  });

  it('speaks every outcome of the pipeline in CallShield messages', () => {
    const { ws, sent } = fakeSocket();
    transport.outcome(ws, 's-1', { kind: 'scored', result, limitReached: false, alerts: [] });
    transport.outcome(ws, 's-1', { kind: 'duplicate', result });
    transport.outcome(ws, 's-1', { kind: 'over_limit', index: 61, limit: 60 });
    transport.outcome(ws, 's-1', { kind: 'ended', index: 4 });
    expect(sent).toEqual([
      expect.objectContaining({ type: 'error', code: 'TRANSCRIPTION_UNAVAILABLE', chunk_index: 3 }),
      { type: 'partial_result', stream_id: 's-1', ...result },
      { type: 'partial_result', stream_id: 's-1', ...result, duplicate: true },
      expect.objectContaining({ type: 'error', code: 'CHUNK_LIMIT_REACHED', chunk_index: 61 }),
      expect.objectContaining({ type: 'error', code: 'STREAM_ENDED', chunk_index: 4 }),
    ]);
  });

  it('ignores JSON objects of types it does not know and text that is no JSON, silently, as CallShield does', () => {
    const { ws, sent } = fakeSocket();
    const start = { transport: 'callshield' as const, nextIndex: 1 };
    for (const frame of ['{"type":"dance"}', '{"no_type":1}', '{"type":null}', '{not json', '']) {
      expect(transport.receive(ws, start, frame)).toEqual({ attachment: start, actions: [] });
    }
    expect(sent).toEqual([]);
    // Text that is no JSON object is still answered (CallShield would have dropped the socket).
    transport.receive(ws, start, '[1]');
    expect(sent).toEqual([expect.objectContaining({ type: 'error', code: 'INVALID_MESSAGE' })]);
  });

  it('says "Chunk timeout" before the final result of an idle stream, and only then', () => {
    const final = { reason: 'idle_timeout', total_chunks: 0 } as StreamFinal;
    const idle = fakeSocket();
    transport.final(idle.ws, 's-1', final);
    expect(idle.sent.map((m) => m.type)).toEqual(['error', 'final_result']);
    expect(idle.sent[0]).toMatchObject({
      code: 'IDLE_TIMEOUT',
      detail: expect.stringMatching(/^Chunk timeout/),
    });
    const ended = fakeSocket();
    transport.final(ended.ws, 's-1', { ...final, reason: 'end_stream' });
    expect(ended.sent.map((m) => m.type)).toEqual(['final_result']);
  });

  it('sends an alert as an `alert` message (a type CallShield clients ignore)', () => {
    const { ws, sent } = fakeSocket();
    const alert = EXAMPLE_EVENT_DATA['call.alert'];
    transport.alert(ws, 's-1', alert);
    expect(sent).toEqual([{ type: 'alert', stream_id: 's-1', ...alert }]);
    expect(AlertMessageSchema.parse(sent[0])).toEqual(sent[0]);
  });

  it('never throws on a socket that is already closed', () => {
    const closed: Socket = {
      send: () => {
        throw new TypeError('closed');
      },
      close: () => {},
    };
    expect(() => transport.outcome(closed, 's', { kind: 'ended', index: 1 })).not.toThrow();
  });
});

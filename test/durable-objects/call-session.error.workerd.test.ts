import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import { StreamClient, silentChunk } from './ws-client';

describe('CallSession: bad input and limits', () => {
  it('rejects a chunk over 512 KB, skips it and goes on', async () => {
    const client = await StreamClient.open();
    client.send(encodeWav16(new Int16Array(300_000), 16_000)); // ≈ 600 KB
    const error = await client.next('error');
    expect(error.code).toBe('CHUNK_TOO_LARGE');
    client.send(silentChunk());
    expect((await client.next('partial_result')).chunk_index).toBe(1);
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 2_000 }, (_, i) => (i * 7919) % 256)],
    ['a truncated header', silentChunk().slice(0, 30)],
    [
      'a text file',
      new TextEncoder().encode('this is not audio at all, just some words in a file. '.repeat(5)),
    ],
  ])('answers INVALID_AUDIO for %s and goes on', async (_name, frame) => {
    const client = await StreamClient.open();
    client.send(frame);
    expect((await client.next('error')).code).toBe('INVALID_AUDIO');
    client.send(silentChunk());
    expect((await client.next('partial_result')).chunk_index).toBe(1);
  });

  it.each([['[1,2,3]'], ['"end_stream"'], ['42']])(
    'answers INVALID_MESSAGE for the text frame %s',
    async (frame) => {
      const client = await StreamClient.open();
      client.send(frame);
      expect((await client.next('error')).code).toBe('INVALID_MESSAGE');
      expect(client.closed).toBeNull();
    },
  );

  it('finalizes at the 60th chunk and closes', async () => {
    const client = await StreamClient.open();
    for (let i = 0; i < 61; i++) client.send(silentChunk(100));
    const final = await client.next('final_result', 1, 60_000);
    expect(final.reason).toBe('chunk_limit');
    expect(final.total_chunks).toBe(60);
    expect(client.all('partial_result')).toHaveLength(60);
    await client.waitClosed();
  });

  it('answers a plain GET of /ws/stream with 426', async () => {
    const res = await exports.default.fetch(new Request('http://edge.test/ws/stream'));
    expect(res.status).toBe(426);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPGRADE_REQUIRED');
  });

  it('answers 404 for a stream that never existed and 400 for a malformed id', async () => {
    const missing = await exports.default.fetch(
      new Request('http://edge.test/api/streams/never-existed-0001'),
    );
    expect(missing.status).toBe(404);
    const bad = await exports.default.fetch(
      new Request('http://edge.test/api/streams/%3Cscript%3E'),
    );
    expect(bad.status).toBe(400);
  });

  it('says a reconnect to a finished stream has ended and repeats its final result', async () => {
    const client = await StreamClient.open();
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
    const again = await StreamClient.open(`?stream_id=${client.streamId}`);
    expect((await again.next('error')).code).toBe('STREAM_ENDED');
    expect((await again.next('final_result')).stream_id).toBe(client.streamId);
  });
});

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerMessage } from '#core/schemas/stream-protocol';
import { openStreamSocket } from '../../scripts/bench/ws-client';
import { ffmpeg, type Scratch, scratch, speak } from '../fixtures/media';

const SHARED_AUDIO = new URL('../../../shared/audio/', import.meta.url).pathname;
const hasShared = existsSync(SHARED_AUDIO);
if (!hasShared)
  console.warn(`e2e: ${SHARED_AUDIO} is missing; the real-recording stream test is skipped`);

let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(async () => {
  await tmp?.cleanup();
});

/** Cuts a recording into 5 s, 16 kHz mono 16-bit WAV chunks, as a client would send them. */
async function chunksOf(input: string, prefix: string): Promise<Uint8Array<ArrayBuffer>[]> {
  await ffmpeg([
    '-i',
    input,
    '-ac',
    '1',
    '-ar',
    '16000',
    '-c:a',
    'pcm_s16le',
    '-f',
    'segment',
    '-segment_time',
    '5',
    tmp.path(`${prefix}-%02d.wav`),
  ]);
  const names = (await readdir(tmp.dir)).filter((n) => n.startsWith(`${prefix}-`)).sort();
  return Promise.all(names.map(async (n) => new Uint8Array(await tmp.read(n))));
}

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** Streams chunks one by one (each waits for its partial, like a live call) and ends the stream. */
async function streamCall(chunks: Uint8Array<ArrayBuffer>[]) {
  const url = `${inject('workerUrl').replace(/^http/, 'ws')}/ws/stream`;
  const socket = await openStreamSocket(url, 15_000);
  const expectMessage = async (match: (m: ServerMessage) => boolean, ms: number, what: string) => {
    const hit = await socket.waitFor(match, performance.now() + ms);
    if (!hit) throw new Error(`no ${what} (socket close code ${socket.closeCode()})`);
  };
  for (const [i, chunk] of chunks.entries()) {
    socket.send(chunk);
    const index = i + 1;
    await expectMessage(
      (m) => m.type === 'partial_result' && m.chunk_index === index,
      120_000,
      `partial ${index}`,
    );
  }
  socket.send(JSON.stringify({ type: 'end_stream' }));
  // The final pass transcribes the whole call again before the final result goes out.
  await expectMessage((m) => m.type === 'final_result', 180_000, 'final_result');
  expect(socket.invalid()).toBe(0);
  return {
    all: <T extends ServerMessage['type']>(type: T) =>
      socket.received.map((r) => r.message).filter((m): m is ByType<T> => m.type === type),
  };
}

describe('live stream through the real local stack', () => {
  it.skipIf(!hasShared)(
    'hears a real legal-threat robocall while it plays: a partial at SUSPICIOUS or higher, then the final',
    async () => {
      const chunks = await chunksOf(`${SHARED_AUDIO}legal_threat_robocall.wav`, 'legal');
      expect(chunks.length).toBe(7);
      const client = await streamCall(chunks);
      const partials = client.all('partial_result');
      expect(partials.map((p) => p.chunk_index)).toEqual(chunks.map((_, i) => i + 1));
      expect(partials.every((p) => p.transcription === 'ok' && p.engine === 'pocketsphinx')).toBe(
        true,
      );
      // Every partial arrived before end_stream was sent (streamCall awaits each one). Decoded
      // with the call before them, the chunks' words add up to a threat while the call goes on.
      const alarmed = partials.filter((p) => p.verdict !== 'SAFE');
      expect(
        alarmed.length,
        `live verdicts ${partials.map((p) => `${p.verdict} ${p.cumulative_score}`).join(', ')}`,
      ).toBeGreaterThan(0);
      expect(partials.map((p) => p.chunk_transcript).join(' ')).toMatch(/legal|court|warrant/);
      const final = client.all('final_result')[0]!;
      expect(final.reason).toBe('end_stream');
      expect(final.total_chunks).toBe(7);
      expect(final.transcript_source).toBe('full_pass');
      expect(final.verdict).not.toBe('SAFE');
      expect(final.transcript).toMatch(/social security|magistrate|criminal/);
      expect(client.all('error')).toEqual([]);

      const stored = await fetch(`${inject('workerUrl')}/api/streams/${final.stream_id}`);
      expect(
        ((await stored.json()) as { final_result: { verdict: string } }).final_result.verdict,
      ).toBe(final.verdict);
    },
  );

  it('keeps a generated legitimate call SAFE and does not flag it for review', async () => {
    const text =
      "Hello, this is Sarah from Doctor Patel's dental office. I'm calling to confirm your cleaning appointment " +
      'next Tuesday at three in the afternoon. If that time still works for you, there is nothing you need to do. ' +
      'If you need to reschedule, just call the office when it suits you. Have a lovely day.';
    await speak(text, tmp.path('legit.wav'));
    const client = await streamCall(await chunksOf(tmp.path('legit.wav'), 'legit'));
    const final = client.all('final_result')[0]!;
    expect(final.verdict).toBe('SAFE');
    expect(final.review_required).toBe(false);
    expect(client.all('partial_result').every((p) => p.verdict === 'SAFE')).toBe(true);
  });
});

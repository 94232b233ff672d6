import { readdir } from 'node:fs/promises';
import { expect, inject } from 'vitest';
import type { ServerMessage } from '#core/schemas/stream-protocol';
import { openStreamSocket } from '../../scripts/lib/stream-socket';
import { ffmpeg, type Scratch } from '../fixtures/media';

/** Streaming real calls to the e2e stack's `/ws/stream`, as a client would. */

/** Where the real robocall recordings are (`../shared/audio`), and whether they are there. */
export const SHARED_AUDIO = new URL('../../../shared/audio/', import.meta.url).pathname;

/** Cuts a recording into 5 s, 16 kHz mono 16-bit WAV chunks, as a client would send them. */
export async function chunksOf(
  tmp: Scratch,
  input: string,
  prefix: string,
): Promise<Uint8Array<ArrayBuffer>[]> {
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

/**
 * Streams chunks one by one (each waits for its partial, like a live call) and ends the stream;
 * `query` (e.g. `?api_key=…`) names the caller, else the e2e stack's open caller (the dev
 * organisation) streams.
 */
export async function streamCall(chunks: Uint8Array<ArrayBuffer>[], query = '') {
  const url = `${inject('workerUrl').replace(/^http/, 'ws')}/ws/stream${query}`;
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
  const messages = socket.received.map((r) => r.message);
  return {
    /** Every message, in the order it came. */
    messages,
    all: <T extends ServerMessage['type']>(type: T) =>
      messages.filter((m): m is ByType<T> => m.type === type),
  };
}

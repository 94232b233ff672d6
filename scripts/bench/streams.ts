/**
 * Live-stream sections against the running local stack (`wrangler dev` + its sidecar):
 * the per-chunk cost of a call when no speech recognition runs, and many calls at once.
 * Every wait is bounded by a deadline; what did not arrive by then is counted, not awaited.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FinalResult, PartialResult } from '#core/schemas/stream-protocol';
import { openStreamSocket, type StreamSocket } from '../lib/stream-socket';
import { type Bytes, cutWav, loadBenchAudio, wavBytes } from './audio';
import type { BenchSection } from './sidecar';
import { ms, percentile } from './stats';

/** 5 s of digital silence: below STREAM_SILENCE_DBFS, so the sidecar is never called. */
const SILENT_5S = wavBytes(new Int16Array(5 * 16_000));
/** What one chunk of a played call got back. */
export interface ChunkOutcome {
  /** Client round trip, send → this chunk's partial_result; null when none came. */
  rtt: number | null;
  /** When its partial_result arrived (`performance.now()`); null when none came. */
  arrivedAt: number | null;
  partial: PartialResult | null;
  /** Code of an `error` naming this chunk (TRANSCRIPTION_UNAVAILABLE precedes its partial). */
  error: string | null;
}

/** What one played call got back. */
export interface CallOutcome {
  connected: boolean;
  chunks: ChunkOutcome[];
  final: boolean;
  /** When end_stream was sent (`performance.now()`); null when the socket closed first. */
  endSentAt: number | null;
  /** The final_result message, when it came. */
  finalResult: FinalResult | null;
  /** Close code when the socket closed with no final_result (e.g. wrangler dev reloading). */
  closedEarly: number | null;
  invalid: number;
}

/**
 * Plays one call: sends each chunk and either awaits its result (`paceMs` null: chunks timed
 * alone) or sends the next after `paceMs`; then end_stream, right after the last chunk as a
 * real client would, and the final result. Nothing waits past `deadline`.
 */
export async function playCall(
  wsUrl: string,
  chunks: Bytes[],
  paceMs: number | null,
  deadline: number,
): Promise<CallOutcome> {
  let socket: StreamSocket;
  try {
    socket = await openStreamSocket(wsUrl, Math.min(30_000, deadline - performance.now()));
  } catch {
    return {
      connected: false,
      chunks: [],
      final: false,
      endSentAt: null,
      finalResult: null,
      closedEarly: null,
      invalid: 0,
    };
  }
  const forChunk = (index: number) => (m: { type: string; chunk_index?: number | null }) =>
    m.type === 'partial_result' && m.chunk_index === index;
  const sentAt: number[] = [];
  for (const [i, chunk] of chunks.entries()) {
    if (performance.now() >= deadline || socket.closeCode() !== null) break;
    sentAt.push(socket.send(chunk));
    if (paceMs === null) await socket.waitFor(forChunk(i + 1), deadline);
    else if (i < chunks.length - 1)
      await sleep(Math.max(0, Math.min(paceMs, deadline - performance.now())));
  }
  const endSentAt =
    socket.closeCode() === null ? socket.send(JSON.stringify({ type: 'end_stream' })) : null;
  const final = await socket.waitFor((m) => m.type === 'final_result', deadline);
  const outcomes: ChunkOutcome[] = [];
  for (const [i, at] of sentAt.entries()) {
    const hit = socket.received.find((r) => forChunk(i + 1)(r.message));
    const err = socket.received.find(
      (r) => r.message.type === 'error' && r.message.chunk_index === i + 1,
    );
    outcomes.push({
      rtt: hit ? hit.at - at : null,
      arrivedAt: hit ? hit.at : null,
      partial: hit?.message.type === 'partial_result' ? hit.message : null,
      error: err?.message.type === 'error' ? err.message.code : null,
    });
  }
  const closedEarly = final ? null : socket.closeCode();
  socket.close();
  return {
    connected: true,
    chunks: outcomes,
    final: final !== null,
    endSentAt,
    finalResult: final?.message.type === 'final_result' ? final.message : null,
    closedEarly,
    invalid: socket.invalid(),
  };
}

const row = (measure: string, values: number[]) => ({
  measure,
  n: String(values.length),
  p50: ms(percentile(values, 50)),
  p95: ms(percentile(values, 95)),
});

/** The stack's /ws/stream URL. */
export const wsUrl = (workerUrl: string) => `${workerUrl.replace(/^http/, 'ws')}/ws/stream`;

/**
 * One call: 3 speech chunks (so the call has a transcript to rescore), then 40 silent 5 s
 * chunks one at a time. Silent chunks skip recognition, so their round trip is the stream's
 * own overhead: WebSocket, WAV parse, whole-call rescoring, SQLite, send.
 */
export async function benchStreamOverhead(workerUrl: string): Promise<BenchSection> {
  const audio = loadBenchAudio();
  const speech = [5, 10, 15].map((s) => cutWav(audio, s, 5)); // 5–20 s: speech throughout
  audio.cleanup();
  const call = await playCall(
    wsUrl(workerUrl),
    [...speech, ...Array.from({ length: 40 }, () => SILENT_5S)],
    null,
    performance.now() + 180_000,
  );
  const got = (list: ChunkOutcome[]) => list.filter((c) => c.partial !== null && c.rtt !== null);
  const said = got(call.chunks.slice(0, 3));
  const silent = got(call.chunks.slice(3));
  const lost = call.chunks.length - got(call.chunks).length;
  const rtt = (c: ChunkOutcome) => c.rtt ?? 0;
  const serverMs = (c: ChunkOutcome) => c.partial?.chunk_processing_ms ?? 0;
  const asrMs = (c: ChunkOutcome) => c.partial?.transcription_ms ?? 0;
  return {
    title:
      'Per-chunk stream overhead excluding transcription (one stream, 5 s chunks, wrangler dev)',
    rows: [
      row('silent chunk: client RTT', silent.map(rtt)),
      row('silent chunk: server chunk_processing_ms', silent.map(serverMs)),
      row(
        'speech chunk: client RTT − transcription_ms',
        said.map((c) => rtt(c) - asrMs(c)),
      ),
      row('speech chunk: transcription_ms', said.map(asrMs)),
    ],
    notes: [
      'target (DESIGN.md): per-chunk overhead excluding recognition p95 ≤ 25 ms',
      `speech chunks: ${said.map((c) => c.partial?.transcription).join(', ')}; sent ${call.chunks.length}, without partial_result ${lost}, final_result ${call.final ? 'received' : `MISSING (socket close ${call.closedEarly})`}${call.invalid ? `, ${call.invalid} invalid frames` : ''}`,
    ],
  };
}

/**
 * `levels` of concurrent calls on loopback, each 1 speech chunk of 2 s then 3 silent 5 s
 * chunks 1 s apart (5× faster than real time, bounded CPU on 2 cores), then end_stream.
 */
export async function benchConcurrentStreams(
  workerUrl: string,
  levels: Array<{ streams: number; deadlineMs: number }> = [
    { streams: 10, deadlineMs: 120_000 },
    { streams: 50, deadlineMs: 240_000 },
  ],
): Promise<BenchSection> {
  const audio = loadBenchAudio();
  // Speech offsets within 3–28 s, where the robocall talks (it ends in ~10 s of silence).
  const speechEnd = Math.min(audio.pcm.length / 16_000, 30) - 2;
  const rows: Record<string, string>[] = [];
  const notes = ['target (DESIGN.md): 50 concurrent streams with no lost chunk and no lost result'];
  try {
    for (const level of levels) {
      const started = performance.now();
      const deadline = started + level.deadlineMs;
      const calls = await Promise.all(
        Array.from({ length: level.streams }, (_, i) =>
          playCall(
            wsUrl(workerUrl),
            [cutWav(audio, 3 + ((i * 3.7) % (speechEnd - 3)), 2), SILENT_5S, SILENT_5S, SILENT_5S],
            1_000,
            deadline,
          ),
        ),
      );
      const wall = performance.now() - started;
      const early = calls.flatMap((c) => (c.closedEarly === null ? [] : [c.closedEarly]));
      const codes = [...new Set(early)].join(', ');
      if (early.length)
        notes.push(`${level.streams}: ${early.length} closed before final (${codes})`);
      const chunks = calls.flatMap((c) => c.chunks);
      const count = (keep: (c: ChunkOutcome) => boolean) => String(chunks.filter(keep).length);
      const rtts = chunks.flatMap((c) => (c.rtt === null ? [] : [c.rtt]));
      const speechRtts = calls.flatMap((c) => (c.chunks[0]?.rtt == null ? [] : [c.chunks[0].rtt]));
      rows.push({
        streams: String(level.streams),
        'not connected': String(calls.filter((c) => !c.connected).length),
        'chunks sent': String(chunks.length),
        'lost chunks': count((c) => c.partial === null && c.error === null),
        'lost finals': String(calls.filter((c) => !c.final).length),
        'transcription ok': count((c) => c.partial?.transcription === 'ok'),
        'transcription unavailable': count((c) => c.partial?.transcription === 'unavailable'),
        'invalid frames': String(calls.reduce((n, c) => n + c.invalid, 0)),
        wall: ms(wall),
        'p95 chunk RTT': ms(percentile(rtts, 95)),
        'p95 speech RTT': ms(percentile(speechRtts, 95)),
      });
    }
  } finally {
    audio.cleanup();
  }
  const title =
    'Concurrent streams on loopback (1×2 s speech + 3×5 s silent chunks each, 1 s apart)';
  return { title, rows, notes };
}

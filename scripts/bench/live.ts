/**
 * `npm run bench -- --only=live`: the five robocalls streamed over the real /ws/stream
 * WebSocket through the local stack (wrangler dev, its CallSession Durable Object and the
 * pocketsphinx sidecar), as 5 s WAV chunks sent in real time: one every 5 s, not waiting for
 * the answers. Each call is played alone, as recorded (16 kHz) and through 8 kHz µ-law and back
 * (phone audio as the Twilio transport holds it); then ten calls at once in real time. What is
 * measured is what the Durable Object does today: each chunk decoded with the trailing
 * STREAM_CONTEXT_MS of the call, merged, the whole call rescored. Every wait is bounded.
 */
import { INPUTS, type InputKind, liveChunks, loadBenchCalls } from './asr-audio';
import type { BenchSection } from './sidecar';
import { ms, percentile } from './stats';
import { type CallOutcome, playCall, wsUrl } from './streams';

/** Chunk length of the live protocol. */
const CHUNK_MS = 5_000;
/** Concurrent real-time calls in the load part. */
const CONCURRENT_CALLS = 10;
/** Calls at once start this far apart, as real calls do not start in step. */
const STAGGER_MS = 500;

/** The first chunk whose partial reached SUSPICIOUS or higher, and whether before end_stream. */
function firstAlarm(call: CallOutcome): string {
  const index = call.chunks.findIndex((c) => c.partial && c.partial.verdict !== 'SAFE');
  if (index < 0) return '—';
  const chunk = call.chunks[index]!;
  const beforeEnd = call.endSentAt !== null && (chunk.arrivedAt ?? 0) < call.endSentAt;
  return `chunk ${index + 1} ${chunk.partial?.verdict}${beforeEnd ? '' : ' (after end_stream)'}`;
}

const finalOf = (call: CallOutcome) =>
  call.finalResult
    ? `${call.finalResult.verdict} ${call.finalResult.combined_score.toFixed(3)}`
    : 'MISSING';
const rtts = (calls: CallOutcome[]) =>
  calls.flatMap((c) => c.chunks.flatMap((k) => (k.rtt === null ? [] : [k.rtt])));
const count = (calls: CallOutcome[], keep: (c: CallOutcome['chunks'][number]) => boolean) =>
  calls.flatMap((c) => c.chunks).filter(keep).length;

/** Streams the robocalls against the running stack at `workerUrl`. */
export async function benchLive(workerUrl: string): Promise<BenchSection[]> {
  const loaded = loadBenchCalls();
  if ('missing' in loaded) return [{ title: 'Live streams', rows: [], notes: [loaded.missing] }];
  const url = wsUrl(workerUrl);
  const perCall: Record<string, string>[] = [];
  const summary: Record<string, string>[] = [];
  const play = (input: InputKind, call: (typeof loaded.calls)[number], deadlineMs: number) =>
    playCall(url, liveChunks(call, input, CHUNK_MS), CHUNK_MS, performance.now() + deadlineMs);
  for (const input of INPUTS) {
    const calls: CallOutcome[] = [];
    for (const call of loaded.calls) {
      const outcome = await play(input, call, 300_000);
      calls.push(outcome);
      const last = outcome.chunks.at(-1)?.partial;
      perCall.push({
        input,
        call: call.name,
        chunks: String(outcome.chunks.length),
        first_suspicious_partial: firstAlarm(outcome),
        last_partial: last ? `${last.verdict} ${last.cumulative_score.toFixed(3)}` : 'MISSING',
        final: finalOf(outcome),
      });
    }
    summary.push(summaryRow(`${input}, one call at a time`, calls));
  }
  const started = performance.now();
  const crowd = await Promise.all(
    Array.from({ length: CONCURRENT_CALLS }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * STAGGER_MS));
      return play('16k', loaded.calls[i % loaded.calls.length]!, 300_000);
    }),
  );
  summary.push({
    ...summaryRow(`16k, ${CONCURRENT_CALLS} calls at once`, crowd),
    wall: ms(performance.now() - started),
  });
  return [
    {
      title: 'Live streams over /ws/stream: five robocalls, 5 s chunks sent in real time',
      rows: summary,
      notes: [
        'suspicious_partial: calls with a partial_result at SUSPICIOUS or higher before end_stream;',
        'final_above_safe: final_result verdict; chunk RTT: chunk sent → its partial_result,',
        'context decoding included (one chunk every 5 s, answers not awaited).',
      ],
    },
    { title: 'Live streams per call', rows: perCall },
  ];
}

function summaryRow(label: string, calls: CallOutcome[]): Record<string, string> {
  const lat = rtts(calls);
  const alarmed = calls.filter((c) => {
    const hit = c.chunks.find((k) => k.partial && k.partial.verdict !== 'SAFE');
    return hit && c.endSentAt !== null && (hit.arrivedAt ?? 0) < c.endSentAt;
  });
  const finals = calls.flatMap((c) => (c.finalResult ? [c.finalResult] : []));
  return {
    streams: label,
    suspicious_partial: `${alarmed.length}/${calls.length}`,
    final_above_safe: `${finals.filter((f) => f.verdict !== 'SAFE').length}/${calls.length}`,
    chunks: String(calls.reduce((n, c) => n + c.chunks.length, 0)),
    unavailable: String(count(calls, (k) => k.partial?.transcription === 'unavailable')),
    lost: String(count(calls, (k) => k.partial === null)),
    lost_finals: String(calls.filter((c) => !c.finalResult).length),
    chunk_p50: ms(percentile(lat, 50)),
    chunk_p95: ms(percentile(lat, 95)),
  };
}

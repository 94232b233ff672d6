/**
 * Phone calls at once: `CONCURRENT_CALLS` simulated Twilio calls (scripts/lib/twilio-simulator)
 * paced in real time, 20 ms µ-law frames, against the running local stack with real
 * pocketsphinx. Measures whether every 5 s window got a result, how long after a window's
 * last frame was sent its result was stored (polled from GET /api/v1/calls/{sid}, so ±half
 * the poll interval), and the Worker's memory per live call. Every wait is bounded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CallOptions,
  FRAME_MS,
  framesOf,
  MediaStream,
  phoneAudio,
  placeCall,
  realClock,
} from '../lib/twilio-simulator';
import type { BenchSection } from './sidecar';
import { ms, percentile } from './stats';

const CONCURRENT_CALLS = 20;
const WINDOW_MS = 5_000;
const POLL_MS = 500;
/** Long enough for 20 calls' windows and final passes queued on 2 cores; then what's missing counts. */
const DEADLINE_MS = 10 * 60_000;
const ROBOCALL = resolve(import.meta.dirname, '../../../shared/audio/legal_threat_robocall.wav');

/** Resident memory (kB) of `pid` and every process under it (wrangler → workerd). */
function treeRssKb(pid: number): number {
  let total = 0;
  const stack = [pid];
  for (let guard = 0; stack.length > 0 && guard < 1_000; guard++) {
    const p = stack.pop() as number;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of [p]) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended
    }
  }
  return total;
}

interface CallRun {
  /** Why the call never streamed: the webhook's status, or the refused socket. */
  failed?: string;
  windows: number;
  /** Per window: stored at − its last frame sent (ms); null when never stored. */
  latency: (number | null)[];
  final: boolean;
}

async function oneCall(
  account: CallOptions,
  mulaw: Uint8Array,
  deadline: number,
  workerUrl: string,
): Promise<CallRun> {
  const frames = framesOf(mulaw);
  const windows = Math.ceil((frames.length * FRAME_MS) / WINDOW_MS);
  const latency: (number | null)[] = Array.from({ length: windows }, () => null);
  const answer = await placeCall(account);
  if (!answer.stream) return { failed: `webhook ${answer.status}`, windows, latency, final: false };
  let media: MediaStream;
  try {
    media = await MediaStream.open(answer.stream.url, { ...account, callSid: answer.callSid });
  } catch {
    return { failed: 'socket refused', windows, latency, final: false };
  }
  media.begin(answer.stream.parameters);
  const start = performance.now();
  let playing = true;
  const poll = (async () => {
    while (performance.now() < deadline) {
      const res = await fetch(`${workerUrl}/api/v1/calls/${answer.callSid}`).catch(() => null);
      const state = res?.ok
        ? ((await res.json()) as { chunks_received: number; final_result: unknown })
        : null;
      const now = performance.now();
      for (let i = 0; i < Math.min(state?.chunks_received ?? 0, windows); i++)
        if (latency[i] === null) {
          // The last window ends with the call's last frame; the others every 5 s.
          const end = Math.min((i + 1) * WINDOW_MS, frames.length * FRAME_MS);
          latency[i] = now - (start + end);
        }
      if (state?.final_result) return true;
      if (!playing && media.closed && !state) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return false;
  })();
  await media.play(frames, realClock);
  media.stop();
  playing = false;
  return { windows, latency, final: await poll };
}

/** The section's table. */
export async function benchTwilioCalls(
  workerUrl: string,
  workerPid: number,
  dev: { twilio_account_sid: string; twilio_auth_token: string; twilio_phone_number: string },
): Promise<BenchSection> {
  const mulaw = existsSync(ROBOCALL)
    ? await phoneAudio(ROBOCALL)
    : new Uint8Array(30 * 8_000).fill(0xff);
  const account: CallOptions = {
    baseUrl: workerUrl,
    accountSid: dev.twilio_account_sid,
    authToken: dev.twilio_auth_token,
    to: dev.twilio_phone_number,
  };
  const idleKb = treeRssKb(workerPid);
  let peakKb = idleKb;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, treeRssKb(workerPid));
  }, 1_000);
  const deadline = performance.now() + DEADLINE_MS;
  const runs = await Promise.all(
    Array.from({ length: CONCURRENT_CALLS }, (_, i) =>
      // Staggered by 100 ms, as calls come in, not in one instant.
      new Promise((r) => setTimeout(r, i * 100)).then(() =>
        oneCall(account, mulaw, deadline, workerUrl),
      ),
    ),
  );
  clearInterval(sampler);
  const latencies = runs.flatMap((r) => r.latency.filter((l): l is number => l !== null));
  const expected = runs.reduce((s, r) => s + r.windows, 0);
  return {
    title: `${CONCURRENT_CALLS} concurrent Twilio calls paced in real time (${(mulaw.length / 8_000).toFixed(1)} s each, pocketsphinx)`,
    rows: [
      {
        calls: String(CONCURRENT_CALLS),
        windows: `${latencies.length}/${expected}`,
        'lost windows': String(expected - latencies.length),
        finals: `${runs.filter((r) => r.final).length}/${CONCURRENT_CALLS}`,
        'calls refused': String(runs.filter((r) => r.failed).length),
        'window end → result p50': ms(percentile(latencies, 50)),
        'window end → result p95': ms(percentile(latencies, 95)),
        'worker memory per call': `${((peakKb - idleKb) / 1024 / CONCURRENT_CALLS).toFixed(1)} MiB`,
      },
    ],
    notes: [
      ...[...new Set(runs.flatMap((r) => (r.failed ? [r.failed] : [])))].map(
        (f) => `refused: ${f}`,
      ),
      `results polled every ${POLL_MS} ms (±${POLL_MS / 2} ms); memory: peak − idle RSS of wrangler dev and its workerd, over the calls`,
      'measured under load: other agents share the 2 cores; a lost window is one with no stored result by the deadline',
    ],
  };
}

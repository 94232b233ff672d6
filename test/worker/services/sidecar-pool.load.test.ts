/**
 * The media pool under live load: real sidecars (real HTTP, real ffmpeg decoding each window),
 * each with one slot and the fake speech engine, so that how long a window takes is set by the
 * test (`FAKE_ASR_DELAY_MS`), not by the machine. Calls send a window every WINDOW_MS in real
 * time through the same code a CallSession uses (sessionSpeech → processWithRetry → the pool
 * over local processes that sidecarClientFor builds, with the options chunk.ts and
 * full-pass.ts send), and end with a final pass.
 *
 * The fake engine alone needs 20 × 300 ms = 6 s of one slot per 5 s window: one sidecar cannot
 * keep up however fast the machine is. On four, the busiest instance carries 6 of these calls
 * (8 once one instance is killed): 1.8 s (2.4 s) of fake engine per 5 s, leaving the rest of
 * the window for ffmpeg and the machine's other load. The call ids are fixed, so which
 * instance carries which call is the same every run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { joinWavs } from '#core/audio/join-wav';
import { encodeWav16 } from '#core/audio/pcm';
import { freeLoopbackPort } from '../../../scripts/stack/free-port';
import type { ManagedProcess } from '../../../scripts/stack/process';
import { startSidecar } from '../../../scripts/stack/stack';
import { sessionSpeech } from '../../../worker/services/session-speech';
import { localSidecarPool, poolInstanceName } from '../../../worker/services/sidecar-client';
import { rendezvousOrder } from '../../../worker/services/sidecar-pool';

const SECRET = 'pool-test-sidecar-secret-000001';
const CALLS = 20;
const WINDOWS = 5;
const WINDOW_MS = 5_000;
const FAKE_DELAY_MS = 300;

interface Instance {
  url: string;
  process: ManagedProcess;
}

const running: Instance[] = [];

/**
 * A sidecar process (as `npm start` runs one, and as each container runs) with one slot and a
 * short queue: past it, 503 OVERLOADED.
 */
async function startInstance(): Promise<Instance> {
  const port = await freeLoopbackPort();
  const process = await startSidecar({
    port,
    secret: SECRET,
    name: `pool-sidecar-${port}`,
    env: {
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'hello',
      FAKE_ASR_DELAY_MS: String(FAKE_DELAY_MS),
      MAX_CONCURRENCY: '1',
      MAX_QUEUE: '8',
    },
  });
  const instance = { url: `http://127.0.0.1:${port}`, process };
  running.push(instance);
  return instance;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.process.stop()));
  vi.restoreAllMocks();
});

/** Twilio-like call SIDs, the same every run. */
const callIds = Array.from(
  { length: CALLS },
  (_, i) => `CA${createHash('sha256').update(`pool-call-${i}`).digest('hex').slice(0, 32)}`,
);

/** A window of a tone loud enough not to count as silence. */
const windowWav = (() => {
  const rate = 16_000;
  const samples = new Int16Array((rate * WINDOW_MS) / 1000);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return encodeWav16(samples, rate);
})();

interface Served {
  call: string;
  instance: string;
  final: boolean;
  /** When the answer came. */
  at: number;
}

interface LoadResult {
  windows: Record<string, string[]>;
  finals: Record<string, boolean>;
  served: Served[];
}

/**
 * Runs the calls in real time (starts spread over one window, as calls arrive) and records
 * which instance answered each request: the pool's own transport is global fetch, watched here.
 */
async function runCalls(
  instances: Instance[],
  during?: (windowIndex: number) => void,
): Promise<LoadResult> {
  const current = new AsyncLocalStorage<{ call: string; final: boolean }>();
  const served: Served[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const res = await realFetch(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    const who = current.getStore();
    if (who && res.ok && new URL(request.url).pathname === '/v1/process')
      served.push({ ...who, instance: new URL(request.url).origin, at: Date.now() });
    return res;
  });
  const client = localSidecarPool(
    instances.map((i) => i.url),
    SECRET,
  );
  const speech = sessionSpeech(client);
  const windows: Record<string, string[]> = {};
  const finals: Record<string, boolean> = {};
  const started = Date.now();
  const sleepUntil = (at: number) =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

  await Promise.all(
    callIds.map(async (callId, c) => {
      const offset = (c * WINDOW_MS) / CALLS;
      const pending: Promise<void>[] = [];
      windows[callId] = [];
      for (let w = 0; w < WINDOWS; w++) {
        // Real time: the next window arrives on the clock, whether or not the last one is done.
        await sleepUntil(started + offset + (w + 1) * WINDOW_MS);
        if (c === 0) during?.(w);
        pending.push(
          current.run({ call: callId, final: false }, async () => {
            // As chunk.ts sends a window (two attempts, no trim); a failure is `unavailable`.
            const heard = await speech.transcribe(windowWav, {
              callId,
              audioMs: WINDOW_MS,
              attempts: 2,
              trim: false,
            });
            windows[callId]![w] = heard.ok ? 'ok' : `unavailable (${heard.code})`;
          }),
        );
      }
      await Promise.all(pending);
      // The final pass: the whole call, as full-pass.ts sends it (one attempt, trimmed).
      const heard = await current.run({ call: callId, final: true }, () =>
        speech.transcribe(joinWavs(Array(WINDOWS).fill(windowWav))!, {
          callId,
          audioMs: WINDOWS * WINDOW_MS,
          attempts: 1,
          trim: true,
        }),
      );
      finals[callId] = heard.ok;
    }),
  );
  return { windows, finals, served };
}

/** The URL of the instance a call belongs to (instances are named sidecar-0 … in the pool). */
const homeOf = (call: string, instances: Instance[]) => {
  const named = instances.map((instance, i) => ({ name: poolInstanceName(i), url: instance.url }));
  return rendezvousOrder(call, named)[0]!.url;
};

const unavailable = (r: LoadResult) =>
  Object.values(r.windows)
    .flat()
    .filter((t) => t !== 'ok').length;

const instancesOf = (r: LoadResult, call: string, final?: boolean) =>
  new Set(
    r.served
      .filter((s) => s.call === call && (final === undefined || s.final === final))
      .map((s) => s.instance),
  );

// Each test runs 25 s of calls in real time, after starting its sidecar processes.
describe('the media pool, 20 live calls in real time', { timeout: 150_000 }, () => {
  it('on 4 one-slot sidecars: every window heard, each call on one instance', async () => {
    const instances = await Promise.all([1, 2, 3, 4].map(startInstance));
    const result = await runCalls(instances);

    expect(unavailable(result)).toBe(0);
    expect(Object.values(result.finals).every(Boolean)).toBe(true);
    for (const call of callIds) {
      // Windows and final pass alike on the call's own instance (the first in its order).
      const home = homeOf(call, instances);
      expect([...instancesOf(result, call)]).toEqual([home]);
    }
    // The calls really are spread: every instance carries some.
    const used = new Set(result.served.map((s) => s.instance));
    expect(used.size).toBe(4);
  });

  it('on 1 sidecar the same load loses windows: the pool is what helps', async () => {
    const result = await runCalls([await startInstance()]);
    expect(unavailable(result)).toBeGreaterThanOrEqual(5);
  });

  it('an instance killed mid-call: its calls move on, no window or final lost', async () => {
    const instances = await Promise.all([1, 2, 3, 4].map(startInstance));
    const victim = instances[0]!;
    let killedAt = Number.POSITIVE_INFINITY;
    let killed: Promise<void> = Promise.resolve();
    const result = await runCalls(instances, (w) => {
      if (w !== 1) return;
      killedAt = Date.now();
      killed = victim.process.kill();
    });
    await killed;

    expect(unavailable(result)).toBe(0);
    expect(Object.values(result.finals).every(Boolean)).toBe(true);
    const homed = callIds.filter((call) => homeOf(call, instances) === victim.url);
    expect(homed.length).toBeGreaterThan(0);
    // The victim was working for its calls until it died.
    expect(result.served.some((s) => s.instance === victim.url && homed.includes(s.call))).toBe(
      true,
    );
    for (const call of homed) {
      // Every window was heard (above); after the kill, elsewhere: the final pass too.
      const final = instancesOf(result, call, true);
      expect(final.size).toBe(1);
      expect(final.has(victim.url)).toBe(false);
    }
    // Nothing reached the victim once it was dead.
    expect(result.served.filter((s) => s.instance === victim.url && s.at > killedAt)).toEqual([]);
  });
});

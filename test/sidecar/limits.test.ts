import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarErrorBodySchema } from '#core/schemas/sidecar-protocol';
import type { Transcriber } from '../../sidecar/src/asr/transcriber';
import { listen } from '../../sidecar/src/listen';
import { childEvents, runChild, runningChildren } from '../../sidecar/src/media/child';
import { type Scratch, scratch, speak } from '../fixtures/media';
import { testSidecar } from './harness';

let s: Scratch;
let speech: Uint8Array;
let short: Uint8Array;

beforeAll(async () => {
  s = await scratch();
  // ~6 s of speech: pocketsphinx needs several seconds on it, long enough to be "slow".
  await speak(
    'Hello, this is the fraud department of your bank. We noticed a suspicious charge on your card. Please stay on the line.',
    s.path('long.wav'),
  );
  speech = await s.read('long.wav');
  await speak('Your account has been charged.', s.path('short.wav'));
  short = await s.read('short.wav');
});
afterAll(() => s.cleanup());

/**
 * An engine that holds its slot until released: queueing is tested with a fake we control,
 * since real recognition may finish before the test has looked at the queue.
 */
function heldEngine(): { engine: Transcriber; release: () => void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const engine: Transcriber = {
    name: 'pocketsphinx',
    model: 'held until released',
    load: async () => {},
    transcribe: async (_pcm, ctx) => {
      await Promise.race([
        released,
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        ),
      ]);
      return { segments: [], text: '', words: [] };
    },
  };
  return { engine, release };
}

describe('over real HTTP on 127.0.0.1', () => {
  it('a saturated sidecar (concurrency 1, queue 0) answers 503 OVERLOADED with Retry-After', async () => {
    const held = heldEngine();
    const sidecar = await testSidecar(
      { MAX_CONCURRENCY: '1', MAX_QUEUE: '0' },
      { engines: [held.engine] },
    );
    const server = await listen(sidecar.app, 0, '127.0.0.1');
    try {
      const spawned = once(childEvents, 'spawn');
      const slow = fetch(`${server.url}/v1/process`, { method: 'POST', body: Buffer.from(short) });
      await spawned; // the first request holds the only slot once its ffmpeg is running
      const res = await fetch(`${server.url}/v1/process?transcribe=false`, {
        method: 'POST',
        body: Buffer.from(speech),
      });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const err = SidecarErrorBodySchema.parse(await res.json()).error;
      expect(err).toMatchObject({ code: 'OVERLOADED', retryable: true });
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
        queue: { in_flight: number; max_queue: number };
      };
      expect(health.queue).toMatchObject({ in_flight: 1, max_queue: 0 });
      held.release();
      expect((await slow).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a caller that hangs up leaves the queue and its work is stopped', async () => {
    const held = heldEngine();
    const sidecar = await testSidecar(
      { MAX_CONCURRENCY: '1', MAX_QUEUE: '4' },
      { engines: [held.engine] },
    );
    const server = await listen(sidecar.app, 0, '127.0.0.1');
    const queueDepth = async () =>
      ((await (await fetch(`${server.url}/healthz`)).json()) as { queue: { queued: number } }).queue
        .queued;
    try {
      const spawned = once(childEvents, 'spawn');
      let firstDone = false;
      const first = fetch(`${server.url}/v1/process`, {
        method: 'POST',
        body: Buffer.from(speech),
      }).finally(() => {
        firstDone = true;
      });
      await spawned;
      const caller = new AbortController();
      const second = fetch(`${server.url}/v1/process`, {
        method: 'POST',
        body: Buffer.from(short),
        signal: caller.signal,
      }).catch((error: unknown) => error);
      const deadline = Date.now() + 10_000;
      while ((await queueDepth()) < 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await queueDepth()).toBe(1);
      caller.abort();
      await second;
      while ((await queueDepth()) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // It left the queue while the first request still held the only slot.
      expect(await queueDepth()).toBe(0);
      expect(firstDone).toBe(false);
      held.release();
      expect((await first).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a request past its deadline is answered 504 TIMEOUT and its child process is killed', async () => {
    // An engine whose child never finishes: pocketsphinx decodes this speech in well under the
    // deadline on a fast machine, and the test must not depend on how fast the machine is.
    const stalled: Transcriber = {
      name: 'pocketsphinx',
      model: 'a child that outlives every deadline',
      load: async () => {},
      transcribe: async (_pcm, ctx) => {
        await runChild('sleep', ['600'], { signal: ctx.signal, maxStdoutBytes: 1024 });
        throw new Error('sleep 600 returned');
      },
    };
    const sidecar = await testSidecar({ REQUEST_TIMEOUT_MS: '1500' }, { engines: [stalled] });
    const server = await listen(sidecar.app, 0, '127.0.0.1');
    let onExit: (e: { signal: string | null }) => void = () => {};
    const killed = new Promise<void>((resolve) => {
      onExit = (e) => {
        if (e.signal === 'SIGKILL') resolve();
      };
    });
    childEvents.on('exit', onExit);
    try {
      const res = await fetch(`${server.url}/v1/process`, {
        method: 'POST',
        body: Buffer.from(speech),
      });
      expect(res.status).toBe(504);
      expect(SidecarErrorBodySchema.parse(await res.json()).error).toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
      });
      await killed; // resolves only on a SIGKILL exit; the test times out otherwise
      expect(runningChildren()).toBe(0);
      // The slot was released: the sidecar still serves requests.
      const after = await fetch(`${server.url}/v1/process?transcribe=false`, {
        method: 'POST',
        body: Buffer.from(speech),
      });
      expect(after.status).toBe(200);
    } finally {
      childEvents.off('exit', onExit);
      await server.close();
    }
  });

  it('rejects an oversized upload with 413 over the wire too', async () => {
    const sidecar = await testSidecar({ MAX_BODY_BYTES: String(64 * 1024) });
    const server = await listen(sidecar.app, 0, '127.0.0.1');
    try {
      const res = await fetch(`${server.url}/v1/process`, {
        method: 'POST',
        body: new Uint8Array(256 * 1024),
      });
      expect(res.status).toBe(413);
    } finally {
      await server.close();
    }
  });
});

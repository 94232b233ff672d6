/**
 * Deadlines, the queue and body limits of the sidecar, over real HTTP on 127.0.0.1, and the
 * scripted fake engine they run on (sidecar/src/asr/fake.ts): held until the test releases
 * it, so every outcome is decided by the test and none by how fast the machine recognises
 * speech.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarErrorBodySchema } from '#core/schemas/sidecar-protocol';
import { FakeTranscriber } from '../../sidecar/src/asr/fake';
import { loadConfig } from '../../sidecar/src/config';
import { listen } from '../../sidecar/src/listen';
import { childEvents, runChild, runningChildren } from '../../sidecar/src/media/child';
import { type Scratch, scratch, speak } from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

let s: Scratch;
let speech: Uint8Array;

beforeAll(async () => {
  s = await scratch();
  await speak('Your account has been charged.', s.path('short.wav'));
  speech = await s.read('short.wav');
});
afterAll(() => s.cleanup());

const SCRIPT = 'please buy gift cards';

/** A sidecar whose only engine is a held fake, served on an ephemeral loopback port. */
async function heldSidecar(env: Record<string, string>) {
  const engine = new FakeTranscriber({ text: SCRIPT, delayMs: 0 }).hold();
  const sidecar = await testSidecar(env, { engines: [engine] });
  const server = await listen(sidecar.app, 0, '127.0.0.1');
  const process = (query = '', init: RequestInit = {}) =>
    fetch(`${server.url}/v1/process${query}`, {
      method: 'POST',
      body: Buffer.from(speech),
      ...init,
    });
  const health = async () =>
    (await (await fetch(`${server.url}/healthz`)).json()) as {
      queue: { in_flight: number; queued: number; max_queue: number };
    };
  return { engine, server, process, health };
}

describe('over real HTTP on 127.0.0.1', () => {
  it('a saturated sidecar (concurrency 1, queue 0) answers 503 OVERLOADED with Retry-After', async () => {
    const { engine, server, process, health } = await heldSidecar({
      MAX_CONCURRENCY: '1',
      MAX_QUEUE: '0',
    });
    try {
      const started = once(engine.events, 'start');
      const first = process();
      await started; // the first request holds the only slot until the engine is released
      const res = await process('?transcribe=false');
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const err = SidecarErrorBodySchema.parse(await res.json()).error;
      expect(err).toMatchObject({ code: 'OVERLOADED', retryable: true });
      expect((await health()).queue).toMatchObject({ in_flight: 1, max_queue: 0 });
      engine.release();
      const done = await first;
      expect(done.status).toBe(200);
      expect(((await done.json()) as { text: string }).text).toBe(SCRIPT);
    } finally {
      await server.close();
    }
  });

  it('a caller that hangs up leaves the queue while the slot is still busy', async () => {
    const { engine, server, process, health } = await heldSidecar({
      MAX_CONCURRENCY: '1',
      MAX_QUEUE: '4',
    });
    try {
      const started = once(engine.events, 'start');
      let firstDone = false;
      const first = process().finally(() => {
        firstDone = true;
      });
      await started;
      const caller = new AbortController();
      const second = process('', { signal: caller.signal }).catch((error: unknown) => error);
      // Bounded wait for the server to register the queued request (not a timing assumption).
      const deadline = Date.now() + 10_000;
      while ((await health()).queue.queued < 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect((await health()).queue.queued).toBe(1);
      caller.abort();
      await second;
      while ((await health()).queue.queued > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // It left the queue while the first request still held the only slot (the engine is held).
      expect((await health()).queue.queued).toBe(0);
      expect(firstDone).toBe(false);
      engine.release();
      expect((await first).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a request past its deadline is answered 504 TIMEOUT, its work is stopped and its slot freed', async () => {
    // The engine never finishes on its own: the 1.5 s deadline is always the first to fire.
    const { engine, server, process, health } = await heldSidecar({
      REQUEST_TIMEOUT_MS: '1500',
      MAX_CONCURRENCY: '1',
      MAX_QUEUE: '0',
    });
    try {
      const aborted = once(engine.events, 'abort');
      const res = await process();
      expect(res.status).toBe(504);
      expect(SidecarErrorBodySchema.parse(await res.json()).error).toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
      });
      await aborted; // the engine was told to stop; the test times out otherwise
      expect(runningChildren()).toBe(0);
      // The slot is given back once the job's clean-up (its temp folder) is done.
      const deadline = Date.now() + 10_000;
      while ((await health()).queue.in_flight > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect((await health()).queue.in_flight).toBe(0);
      // Admitted, not refused: with one slot and no queue, a slot still held would answer 503
      // OVERLOADED. Whether ffmpeg alone finishes inside the 1.5 s deadline depends on the
      // machine's load, so 504 TIMEOUT counts as admitted too.
      const after = await process('?transcribe=false');
      expect(after.status).not.toBe(503);
      expect([200, 504]).toContain(after.status);
    } finally {
      engine.release();
      await server.close();
    }
  });

  it('ASR_ENGINES=fake with a delay far above the deadline is answered 504 TIMEOUT', async () => {
    const sidecar = await testSidecar({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: SCRIPT,
      FAKE_ASR_DELAY_MS: '3600000',
      REQUEST_TIMEOUT_MS: '1000',
    });
    const server = await listen(sidecar.app, 0, '127.0.0.1');
    try {
      const res = await fetch(`${server.url}/v1/process`, {
        method: 'POST',
        body: Buffer.from(speech),
      });
      expect(res.status).toBe(504);
    } finally {
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

  it('an aborted request kills its child process (SIGKILL) and reports the abort reason', async () => {
    const controller = new AbortController();
    const spawned = once(childEvents, 'spawn');
    const exited = once(childEvents, 'exit') as Promise<[{ signal: string | null }]>;
    // A child that would run for an hour: only the abort can end it.
    const child = runChild('sleep', ['3600'], {
      signal: controller.signal,
      maxStdoutBytes: 1024,
    });
    await spawned;
    controller.abort(new Error('deadline'));
    await expect(child).rejects.toThrow('deadline');
    const [exit] = await exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(runningChildren()).toBe(0);
  });
});

describe('ASR_ENGINES=fake', () => {
  it('is a configurable engine with a scripted transcript and delay', () => {
    const config = loadConfig({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'buy gift cards now',
      FAKE_ASR_DELAY_MS: '250',
    });
    expect(config.asrEngines).toEqual(['fake']);
    expect(config.fake).toEqual({ text: 'buy gift cards now', delayMs: 250 });
  });

  it('answers its scripted transcript through the real pipeline and names itself', async () => {
    const sidecar = await testSidecar({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'buy gift cards now',
      FAKE_ASR_DELAY_MS: '0',
    });
    const body = await okJson(await post(sidecar, speech));
    expect(body.text).toBe('buy gift cards now');
    expect(body.engine).toEqual({ name: 'fake', model: null });
    expect(body.segments).toEqual([
      { start_ms: body.trim.start_ms, end_ms: body.trim.end_ms, text: 'buy gift cards now' },
    ]);
    expect(body.features.duration_ms).toBeGreaterThan(1_000);
  });
});

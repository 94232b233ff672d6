import { describe, expect, it } from 'vitest';
import { TranscriberSelector } from '../../sidecar/src/asr/selector';
import type { Transcriber, Transcript } from '../../sidecar/src/asr/transcriber';
import { SidecarError } from '../../sidecar/src/errors';
import { ConcurrencyLimiter } from '../../sidecar/src/limiter';
import { silentLogger } from '../../sidecar/src/log';

/** Test-only engine: scripted load and transcribe behaviour. Never shipped. */
function fakeEngine(
  name: Transcriber['name'],
  behaviour: { load?: () => Promise<void>; transcribe?: () => Promise<Transcript> },
): Transcriber {
  return {
    name,
    model: `fake-${name}`,
    load: behaviour.load ?? (async () => {}),
    transcribe: behaviour.transcribe ?? (async () => ({ segments: [], text: name })),
  };
}

const ctx = () => ({ signal: new AbortController().signal, tmpDir: '/tmp' });
const pcm = new Int16Array(160);

describe('TranscriberSelector', () => {
  it('uses the first engine in order that loaded, and records why the others did not', async () => {
    const sel = new TranscriberSelector(
      [
        fakeEngine('whisper', {
          load: async () => Promise.reject(new Error('no weights at /models')),
        }),
        fakeEngine('pocketsphinx', {}),
      ],
      silentLogger,
    );
    await sel.start();
    expect(sel.current()?.name).toBe('pocketsphinx');
    expect(sel.status()).toEqual([
      {
        name: 'whisper',
        model: 'fake-whisper',
        state: 'failed',
        available: false,
        error: 'no weights at /models',
      },
      { name: 'pocketsphinx', model: 'fake-pocketsphinx', state: 'ready', available: true },
    ]);
    expect((await sel.transcribe(pcm, ctx())).engine.name).toBe('pocketsphinx');
  });

  it('falls back to the next ready engine when one fails at run time', async () => {
    const sel = new TranscriberSelector(
      [
        fakeEngine('whisper', {
          transcribe: async () => Promise.reject(new Error('onnx crashed')),
        }),
        fakeEngine('pocketsphinx', {}),
      ],
      silentLogger,
    );
    await sel.start();
    const out = await sel.transcribe(pcm, ctx());
    expect(out.engine.name).toBe('pocketsphinx');
    expect(out.transcript.text).toBe('pocketsphinx');
  });

  it('distinguishes "still loading" (retryable) from "nothing available" and "all failed"', async () => {
    let finishLoad: () => void = () => {};
    const slow = new TranscriberSelector(
      [
        fakeEngine('whisper', {
          load: () =>
            new Promise<void>((r) => {
              finishLoad = r;
            }),
        }),
      ],
      silentLogger,
    );
    const started = slow.start();
    await expect(slow.transcribe(pcm, ctx())).rejects.toMatchObject({
      code: 'ASR_LOADING',
      retryable: true,
    });
    finishLoad();
    await started;
    expect(slow.current()?.name).toBe('whisper');

    const none = new TranscriberSelector([], silentLogger);
    await none.start();
    await expect(none.transcribe(pcm, ctx())).rejects.toMatchObject({
      code: 'ASR_UNAVAILABLE',
      retryable: false,
    });

    const broken = new TranscriberSelector(
      [fakeEngine('pocketsphinx', { transcribe: async () => Promise.reject(new Error('boom')) })],
      silentLogger,
    );
    await broken.start();
    await expect(broken.transcribe(pcm, ctx())).rejects.toMatchObject({
      code: 'TRANSCRIPTION_FAILED',
    });
  });
});

/** A job that finishes when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe('ConcurrencyLimiter', () => {
  it('runs up to maxConcurrency, queues FIFO up to maxQueue and sheds the rest', async () => {
    const limiter = new ConcurrencyLimiter(1, 2);
    const order: string[] = [];
    const signal = new AbortController().signal;
    const g = gate();
    const first = limiter.run(async () => {
      await g.promise;
      order.push('a');
    }, signal);
    const second = limiter.run(async () => {
      order.push('b');
    }, signal);
    const third = limiter.run(async () => {
      order.push('c');
    }, signal);
    expect(limiter.stats()).toMatchObject({ in_flight: 1, queued: 2 });
    const err = await limiter.run(async () => {}, signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarError);
    expect(err).toMatchObject({ code: 'OVERLOADED', retryable: true });
    expect((err as SidecarError).retryAfterS).toBeGreaterThanOrEqual(1);
    g.open();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(limiter.stats()).toMatchObject({ in_flight: 0, queued: 0 });
  });

  it('removes a waiter whose request was aborted, and never exceeds the limit', async () => {
    const limiter = new ConcurrencyLimiter(1, 5);
    const g = gate();
    const running = limiter.run(() => g.promise, new AbortController().signal);
    const aborter = new AbortController();
    const waiting = limiter.run(async () => 'never', aborter.signal);
    aborter.abort(new SidecarError('TIMEOUT', 'late'));
    await expect(waiting).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(limiter.stats().queued).toBe(0);
    let concurrent = 0;
    let peak = 0;
    const jobs = Array.from({ length: 5 }, () =>
      limiter.run(async () => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        await Promise.resolve();
        concurrent--;
      }, new AbortController().signal),
    );
    g.open();
    await Promise.all([running, ...jobs]);
    expect(peak).toBe(1);
  });
});

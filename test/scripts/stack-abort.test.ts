import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../scripts/stack/free-port';
import { assertPortFree, waitForPortFree } from '../../scripts/stack/process';
import { startStack } from '../../scripts/stack/stack';

/**
 * `npm start` interrupted while it starts (Ctrl+C aborts its start): every part that had
 * started is stopped, nothing keeps a port, and the start rejects with the abort's reason.
 */

describe('startStack with an abort signal', () => {
  it('starts nothing when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped before the start'));
    const outcome = await startStack({
      port: await freeLoopbackPort(),
      sidecarPort: await freeLoopbackPort(),
      signal: controller.signal,
    }).then(
      async (stack) => {
        await stack.stop();
        return 'started';
      },
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('stopped before the start');
  }, 120_000);

  it('stops the sidecar and wrangler it started when aborted halfway', async () => {
    const [port, sidecarPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const persistTo = await mkdtemp(join(tmpdir(), 'callshield-stack-abort-'));
    const controller = new AbortController();
    const start = startStack({ port, sidecarPort, persistTo, signal: controller.signal });
    const outcome = start.then(
      () => 'started',
      (error: unknown) => error,
    );
    try {
      // Abort once the sidecar answers: it is running, and wrangler is about to start or starting.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const healthy = await fetch(`http://127.0.0.1:${sidecarPort}/healthz`).then(
          (res) => res.ok,
          () => false,
        );
        if (healthy) break;
        if (Date.now() > deadline) throw new Error('the sidecar never answered');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      controller.abort(new Error('Ctrl+C'));
      const result = await outcome;
      if (result === 'started') await (await start).stop();
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toBe('Ctrl+C');
      // Bounded: a killed process group can hold its socket a moment after the leader exits.
      await waitForPortFree(sidecarPort);
      await waitForPortFree(port);
      await expect(assertPortFree(sidecarPort)).resolves.toBeUndefined();
    } finally {
      await rm(persistTo, { recursive: true, force: true });
    }
  }, 120_000);
});

import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type BusyBudget, busyDelayMs, whileBusy } from '../../../worker/jobs/busy';
import type { JobMessage } from '../../../worker/jobs/enqueue';
import { PoolBusy } from '../../../worker/jobs/failure';
import { SidecarCallError } from '../../../worker/services/sidecar-client';
import { fromBase64 } from '../../durable-objects/ws-client';
import { makeOrg, serviceDb, type TestOrg } from '../workerd/harness';
import { createAnalysis, deliver, faultySidecar, jobApp, upload } from '../workerd/jobs';

/**
 * Backpressure: a media pool busy on every instance (503 OVERLOADED) makes background jobs
 * wait, never fail, and never spend their attempts, for a bounded time. The busy pool is two
 * fake-engine sidecars of one slot and no queue (test/durable-objects/sidecar-setup.ts).
 */

const speech = fromBase64(inject('speechChunks')[0]!);

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(jobApp().app, 'Backpressure');
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function rows(ids: string[]) {
  const found = await serviceDb()
    .from('call_analyses')
    .select('id, status, attempts, error, transcript')
    .in('id', ids);
  if (found.error) throw new Error(found.error.message);
  return found.data as { id: string; status: string; attempts: number; error: string | null }[];
}

/** `count` uploads of a short call, each with its analysis created; the queued messages. */
async function queued(app: ReturnType<typeof jobApp>, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = await upload(app.app, org.key, speech, `call-${i}.wav`);
    expect(file.status).toBe(201);
    const created = await createAnalysis(app.app, org.key, file.body);
    expect(created.status).toBe(202);
    ids.push(created.body.id);
  }
  expect(app.sent).toHaveLength(count);
  return ids;
}

describe('a saturated media pool', () => {
  it('50 uploads at once: 50 completed, 0 error, no attempt spent on waiting', async () => {
    // SIDECAR_URL blank: the workers project's single sidecar is replaced by the busy pool.
    const app = jobApp({ SIDECAR_URL: '', SIDECAR_URLS: inject('busyPoolUrls').join(',') });
    const ids = await queued(app, 50);
    // Count the pool's refusals: the test must really have saturated it.
    let overloaded = 0;
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const res = await realFetch(input, init);
      if (res.status === 503) overloaded++;
      return res;
    });

    // All 50 side by side (one batch), then whatever a busy run handed back, a few rounds at
    // most: on a slow machine a run may wait out its whole JOB_BUSY_WAIT_MS and defer.
    let messages: JobMessage[] = app.sent.splice(0);
    for (let round = 0; round < 5 && messages.length > 0; round++) {
      const outcome = await deliver(app.app, messages);
      expect(outcome.retried).toEqual([]);
      messages = app.sent.splice(0);
    }

    const done = await rows(ids);
    expect(done.filter((r) => r.status === 'completed')).toHaveLength(50);
    expect(done.filter((r) => r.status === 'error')).toEqual([]);
    expect(done.every((r) => r.attempts === 1)).toBe(true);
    expect(overloaded).toBeGreaterThan(0);
  });

  it('a run that waited its whole budget hands the job back on a fresh message, attempt given back', async () => {
    const busy = faultySidecar('overloaded');
    const app = jobApp({ SIDECAR_URL: busy.url, JOB_BUSY_WAIT_MS: '0' });
    const [id] = await queued(app, 1);
    const message = app.sent.splice(0)[0]!;

    const outcome = await deliver(app.app, [message]);
    expect(outcome.acked).toHaveLength(1);
    expect(outcome.retried).toEqual([]);
    expect(app.sent).toEqual([message]);
    const [row] = await rows([id!]);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row!.error).toMatch(/busy/);
  });

  it('past JOB_BUSY_GIVE_UP_MS a busy pool is an ordinary failed attempt: no endless wait', async () => {
    const busy = faultySidecar('overloaded');
    const app = jobApp({ SIDECAR_URL: busy.url, JOB_BUSY_WAIT_MS: '0', JOB_BUSY_GIVE_UP_MS: '0' });
    const [id] = await queued(app, 1);
    const message = app.sent.splice(0)[0]!;

    const outcome = await deliver(app.app, [message]);
    expect(outcome.acked).toEqual([]);
    expect(outcome.retried).toHaveLength(1);
    expect(app.sent).toEqual([]);
    const [row] = await rows([id!]);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.error).toMatch(/attempt 1 of 5 failed \(the media service was busy\)/);
  });
});

/** A budget on a clock the test moves: sleeping advances it. */
function fakeBudget(waitMs: number) {
  let now = 1_000;
  const slept: number[] = [];
  const budget: BusyBudget = {
    until: now + waitMs,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
  return { budget, slept };
}

const busyError = () => new SidecarCallError('OVERLOADED', 'queue full', 503, true);

describe('whileBusy', () => {
  it('waits out OVERLOADED with growing back-off, then answers', async () => {
    const { budget, slept } = fakeBudget(60_000);
    let calls = 0;
    const result = await whileBusy(budget, async () => {
      if (++calls <= 3) throw busyError();
      return 'done';
    });
    expect(result).toBe('done');
    expect(slept).toEqual([1, 2, 3].map((n) => busyDelayMs(n, () => 0.5)));
    expect(slept[0]!).toBeLessThan(slept[2]!);
  });

  it('stops at the end of its budget with PoolBusy', async () => {
    const { budget, slept } = fakeBudget(10_000);
    await expect(
      whileBusy(budget, async () => {
        throw busyError();
      }),
    ).rejects.toBeInstanceOf(PoolBusy);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('does not wait on any other failure', async () => {
    const { budget, slept } = fakeBudget(60_000);
    const broken = new SidecarCallError('UNSUPPORTED_MEDIA', 'not audio', 415, false);
    await expect(
      whileBusy(budget, async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
    expect(slept).toEqual([]);
  });
});

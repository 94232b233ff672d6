import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

/** The RateLimiter bucket, with the time given by the test (the Worker passes its clock). */

const bucket = () => env.RATE_LIMITER.getByName(`test:${crypto.randomUUID()}`);
const MINUTE = 60_000;

describe('a rate-limit bucket (GCRA)', () => {
  it('takes `limit` requests at once, then refuses with the exact wait for the next', async () => {
    const b = bucket();
    const t = 1_000_000;
    const rule = { limit: 4, periodMs: MINUTE };
    for (let i = 0; i < 4; i++)
      expect(await b.take(rule, t)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await b.take(rule, t)).toEqual({ allowed: false, retryAfterMs: 15_000 });
    // A refusal does not count: the wait shrinks as time passes.
    expect(await b.take(rule, t + 10_000)).toEqual({ allowed: false, retryAfterMs: 5_000 });
    expect((await b.take(rule, t + 15_000)).allowed).toBe(true);
    expect(await b.take(rule, t + 15_000)).toEqual({ allowed: false, retryAfterMs: 15_000 });
  });

  it('takes a cost of several units at once, when the bucket has room for all of them', async () => {
    const b = bucket();
    const t = 2_000_000;
    // 20 units a minute: one every 3 s.
    const rule = { limit: 20, periodMs: MINUTE };
    expect((await b.take(rule, t, 15)).allowed).toBe(true);
    expect((await b.take(rule, t, 5)).allowed).toBe(true);
    expect(await b.take(rule, t, 2.5)).toEqual({ allowed: false, retryAfterMs: 7_500 });
    expect((await b.take(rule, t + 7_500, 2.5)).allowed).toBe(true);
  });

  it('lets a steady client through at the rate, and refills after a quiet period', async () => {
    const b = bucket();
    const rule = { limit: 6, periodMs: MINUTE };
    let t = 5_000_000;
    for (let i = 0; i < 30; i++, t += 10_000)
      expect((await b.take(rule, t)).allowed, `request ${i}`).toBe(true);
    t += MINUTE;
    for (let i = 0; i < 6; i++) expect((await b.take(rule, t)).allowed).toBe(true);
    expect((await b.take(rule, t)).allowed).toBe(false);
  });

  it("keeps a caller's count until its own clock passes the TAT, however far it is from the object's", async () => {
    const b = bucket();
    // A caller whose clock is decades behind the object's (a test clock, a skewed isolate).
    const t = 1_000_000;
    const rule = { limit: 1, periodMs: MINUTE };
    const before = Date.now();
    expect((await b.take(rule, t)).allowed).toBe(true);
    // The bucket is dropped a minute (and a second) from now on the object's clock, never at
    // once because the caller's TAT looks long past to the object.
    const alarm = await runInDurableObject(b, (_, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(before + MINUTE + 1_000);
    expect(await b.take(rule, t)).toEqual({ allowed: false, retryAfterMs: MINUTE });
  });

  it('empties itself once it is as good as new', async () => {
    const b = bucket();
    const rule = { limit: 1, periodMs: 1_000 };
    const past = Date.now() - 10_000;
    expect((await b.take(rule, past)).allowed).toBe(true);
    // Its next allowed time has passed: the alarm drops the stored state.
    expect(await runDurableObjectAlarm(b)).toBe(true);
    expect((await b.take(rule, past)).allowed).toBe(true);
  });
});

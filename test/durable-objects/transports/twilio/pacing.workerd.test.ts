import { describe, expect, it } from 'vitest';
import {
  CallPacer,
  MediaPacing,
} from '../../../../durable-objects/call-session/transports/twilio/pacing';
import { FakeClock, testApp } from '../../../worker/workerd/harness';

/**
 * How fast a phone call's audio may come, on a clock the test moves: per call against the
 * call's own start, per organisation in its real `RateLimiter` bucket (the Worker's services
 * pass their clock to it). phone-call.workerd.test.ts floods a real call through the Worker.
 */

const SECOND = 1_000;
const start = 1_700_000_000_000;

describe("a call's pace", () => {
  it('lets a call run at most the burst ahead of the clock, and a real-time one for ever', () => {
    const pacer = new CallPacer(10 * SECOND);
    // Ten seconds of audio at the very start: the whole burst.
    expect(pacer.take(5 * SECOND, start, start, 0)).toBe(true);
    expect(pacer.take(5 * SECOND, start, start, 0)).toBe(true);
    expect(pacer.take(5 * SECOND, start, start, 0)).toBe(false);
    // A refused window takes nothing: five seconds later there is room for it.
    expect(pacer.take(5 * SECOND, start + 5 * SECOND, start, 0)).toBe(true);
    for (let t = 10 * SECOND; t <= 3_600 * SECOND; t += 5 * SECOND)
      expect(pacer.take(5 * SECOND, start + t, start, 0)).toBe(true);
  });

  it('refuses 720 s of audio pushed within a second', () => {
    const pacer = new CallPacer(10 * SECOND);
    let taken = 0;
    for (let i = 0; i < 144; i++) if (pacer.take(5 * SECOND, start + i * 5, start, 0)) taken++;
    expect(taken).toBe(2);
  });

  it('counts from what the call had stored when this instance first sees it', () => {
    const pacer = new CallPacer(10 * SECOND);
    // 60 s of audio stored by an earlier instance, 55 s into the call.
    expect(pacer.take(5 * SECOND, start + 55 * SECOND, start, 60 * SECOND)).toBe(true);
    expect(pacer.take(5 * SECOND, start + 55 * SECOND, start, 60 * SECOND)).toBe(false);
  });
});

describe("an organisation's call audio", () => {
  const clock = new FakeClock();
  // 20 s of call audio a minute: a fresh bucket takes 20 s at once, then 1 s every 3 s.
  const app = testApp({ RATE_LIMIT_TWILIO_AUDIO: '20/60' }, { clock });
  /** A call that started long enough ago for its own pace never to refuse it here. */
  const call = () => ({
    now: clock.now(),
    startedAt: clock.now() - 3_600 * SECOND,
    takenBefore: 0,
  });

  it('is shared by all its calls, refills with time, and is its own', async () => {
    const org = crypto.randomUUID();
    const [a, b, c] = [1, 2, 3].map(() => new MediaPacing(10 * SECOND, app.services.rateLimits));
    const window = { ms: 5 * SECOND, org };
    for (const pacing of [a, a, b, b]) expect(await pacing!.admit(window, call())).toBeNull();
    expect(await c!.admit(window, call())).toBe('organisation');
    // Another organisation's calls are not held back by this one's.
    const other = new MediaPacing(10 * SECOND, app.services.rateLimits);
    expect(await other.admit({ ms: 5 * SECOND, org: crypto.randomUUID() }, call())).toBeNull();
    clock.advance(15 * SECOND);
    expect(await c!.admit(window, call())).toBeNull();
    expect(await c!.admit(window, call())).toBe('organisation');
  });

  it('is not limited when RATE_LIMIT_TWILIO_AUDIO is off', async () => {
    const open = testApp({ RATE_LIMIT_TWILIO_AUDIO: 'off' }, { clock });
    const pacing = new MediaPacing(10 * SECOND, open.services.rateLimits);
    for (let i = 0; i < 20; i++)
      expect(await pacing.admit({ ms: 5 * SECOND, org: 'o' }, call())).toBeNull();
  });
});

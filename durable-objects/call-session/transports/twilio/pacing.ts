/**
 * How fast a phone call's audio may arrive. Twilio sends 20 ms of audio every 20 ms, so a
 * call's audio never runs ahead of the clock by more than network jitter. A sender that pushes
 * minutes of it at once (720 s in 118 ms was measured) is not Twilio, and would flood the
 * sidecar. Every window of a real-time transport is checked before it reaches the pipeline:
 *
 * - per call: the audio taken since the call's stream was opened may exceed the time since
 *   then by at most `TWILIO_MEDIA_BURST_MS` (10 s by default);
 * - per organisation: seconds of call audio over all its calls, in a GCRA bucket of the
 *   `RateLimiter` Durable Object (`RATE_LIMIT_TWILIO_AUDIO`, by default 500 s per 10 s, fifty
 *   calls' worth), so a tenant opening many calls at once (it holds its own auth token, so it
 *   can sign them) can't flood it either.
 *
 * A refused window ends the call: its socket is closed (4029) and the final result is made
 * from what was taken, with reason `rate_limited`.
 */
import type { CallAudioLimits } from '../../contract';

/** Which limit refused a window. */
export type PacingRefusal = 'call' | 'organisation';

/** The close reason each refusal gets. */
export const PACING_CLOSE_REASONS: Record<PacingRefusal, string> = {
  call: 'media faster than real time',
  organisation: "the organisation's call audio limit was reached",
};

/** One call's limit: its audio may run at most `burstMs` ahead of the clock. */
export class CallPacer {
  /** Audio taken so far (ms); null until the first window, then read from `takenBefore`. */
  private takenMs: number | null = null;

  constructor(private readonly burstMs: number) {}

  /**
   * Takes a window of `ms` arriving at `now`, for a call that started at `startedAt` and had
   * `takenBefore` ms of audio already stored (after an eviction the count starts from there).
   * False, taking nothing, when it would run the call too far ahead of the clock.
   */
  take(ms: number, now: number, startedAt: number, takenBefore: number): boolean {
    const taken = (this.takenMs ?? takenBefore) + ms;
    if (taken > now - startedAt + this.burstMs) return false;
    this.takenMs = taken;
    return true;
  }
}

/** Both limits of one call. */
export class MediaPacing {
  private readonly call: CallPacer;

  constructor(
    burstMs: number,
    private readonly limits: CallAudioLimits,
  ) {
    this.call = new CallPacer(burstMs);
  }

  /** Checks one window; null when it may go on, else which limit refused it. */
  async admit(
    window: { ms: number; org: string },
    call: { now: number; startedAt: number; takenBefore: number },
  ): Promise<PacingRefusal | null> {
    if (!this.call.take(window.ms, call.now, call.startedAt, call.takenBefore)) return 'call';
    return (await this.limits.takeCallAudio(window.org, window.ms)) ? null : 'organisation';
  }
}

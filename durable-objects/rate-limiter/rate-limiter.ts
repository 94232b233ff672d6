import { DurableObject } from 'cloudflare:workers';

/** A limit: at most `limit` requests per `periodMs`, as a steady rate with that burst. */
export interface RateRule {
  limit: number;
  periodMs: number;
}

/** What one request was told. */
export interface RateDecision {
  allowed: boolean;
  /** When refused: ms until a request would be accepted (0 when allowed). */
  retryAfterMs: number;
}

const TAT_KEY = 'tat';

/**
 * One rate-limit bucket (a route group and a caller: an API key, a user, or a client address),
 * addressed by name. One Durable Object per bucket is the one place its count lives, whichever
 * isolate or data centre the requests reach, so the limit holds across them all (an in-memory
 * map would reset per isolate).
 *
 * The algorithm is GCRA (a leaky bucket kept as one number): every request moves a
 * "theoretical arrival time" (TAT) on by periodMs / limit, and a request is refused while the
 * TAT is more than a period minus one interval ahead of now. A fresh bucket takes `limit`
 * requests at once, then one every interval; a refusal says exactly how long to wait.
 *
 * The Worker passes the time (its services' clock), so tests decide it; the bucket keeps it
 * in storage and deletes itself once it is empty again.
 */
export class RateLimiter extends DurableObject<Env> {
  /**
   * Counts `cost` units (one request, or seconds of call audio) against `rule` at `now` (ms
   * since the epoch). A cost of n moves the TAT on by n intervals, and is allowed when the
   * bucket has room for all n.
   */
  async take(rule: RateRule, now: number, cost = 1): Promise<RateDecision> {
    const interval = rule.periodMs / rule.limit;
    const tat = Math.max(this.ctx.storage.kv.get<number>(TAT_KEY) ?? 0, now);
    const allowedFrom = tat - (rule.periodMs - cost * interval);
    if (now < allowedFrom) return { allowed: false, retryAfterMs: Math.ceil(allowedFrom - now) };
    const next = tat + cost * interval;
    this.ctx.storage.kv.put(TAT_KEY, next);
    // Once the TAT has passed the bucket is as good as new: the alarm drops it then. The TAT
    // is on the caller's clock and the alarm on this object's, so the alarm is set by the
    // distance (next − now), never by comparing the two clocks: a caller whose clock differs
    // (a test's, another isolate's) can't have its bucket dropped early. Each take moves the
    // one alarm past its own TAT, so when it fires nothing newer is left to keep.
    await this.ctx.storage.setAlarm(Date.now() + (next - now) + 1_000);
    return { allowed: true, retryAfterMs: 0 };
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

import type { Logger } from '#core/log';
import type { RateDecision, RateRule } from '../../durable-objects/rate-limiter/rate-limiter';
import type { AppConfig, RateLimitedGroup } from '../config';
import { ApiError } from '../errors';
import type { Caller } from './auth/caller';

/** The part of the `RATE_LIMITER` namespace the limits use (tests may pass their own). */
export interface RateLimiterNamespace {
  getByName(name: string): {
    take(rule: RateRule, now: number, cost?: number): Promise<RateDecision>;
  };
}

/**
 * The rate limits of every analysis route and of stream creation (`RATE_LIMIT_*`), counted in
 * the `RateLimiter` Durable Object of each bucket: one per route group and caller.
 */
export interface RateLimits {
  /**
   * Counts one request of `caller` in `group`; throws 429 RATE_LIMITED with the seconds to
   * wait when the bucket is full. A limiter that cannot be reached lets the request through
   * (logged): an outage of the counter must not become an outage of the API.
   */
  take(group: RateLimitedGroup, caller: Caller, headers: Headers): Promise<void>;
  /**
   * Counts `audioMs` of an organisation's phone-call audio against `RATE_LIMIT_TWILIO_AUDIO`
   * (in seconds of audio); false when its bucket is full. Unreachable, it lets the audio through
   * (logged), as `take` does.
   */
  takeCallAudio(org: string, audioMs: number): Promise<boolean>;
}

/**
 * Who a request is counted as: its API key, else its user; the open caller (auth off) by
 * client address, which Cloudflare sets in `CF-Connecting-IP` (clients cannot forge it there).
 */
export function rateSubject(caller: Caller, headers: Headers): string {
  if (caller.apiKeyId) return `key:${caller.apiKeyId}`;
  if (caller.userId) return `user:${caller.userId}`;
  return `ip:${headers.get('cf-connecting-ip') ?? 'unknown'}`;
}

/** Builds the limits over the namespace; without one (a test env), nothing is limited. */
export function rateLimitsFor(deps: {
  config: AppConfig;
  namespace: RateLimiterNamespace | undefined;
  now: () => number;
  logger: Logger;
}): RateLimits {
  return {
    async take(group, caller, headers) {
      const rule = deps.config.rateLimits[group];
      if (!rule || !deps.namespace) return;
      const bucket = `${group}:${rateSubject(caller, headers)}`;
      let decision: RateDecision;
      try {
        decision = await deps.namespace.getByName(bucket).take(rule, deps.now());
      } catch (error) {
        deps.logger.warn('rate_limit_unavailable', { group, error });
        return;
      }
      if (decision.allowed) return;
      const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new ApiError(
        'RATE_LIMITED',
        `too many requests: at most ${rule.limit} every ${rule.periodMs / 1000} s; try again in ${retryAfter} s`,
        { retryAfter },
      );
    },

    async takeCallAudio(org, audioMs) {
      const rule = deps.config.twilio.media.orgAudio;
      if (!rule || !deps.namespace) return true;
      try {
        const bucket = deps.namespace.getByName(`call-audio:org:${org}`);
        return (await bucket.take(rule, deps.now(), audioMs / 1000)).allowed;
      } catch (error) {
        deps.logger.warn('rate_limit_unavailable', { group: 'call_audio', error });
        return true;
      }
    },
  };
}

import { claimDelivery, recordAttempt } from '../db/webhooks';
import type { Services } from '../services';
import { type AttemptResult, judge, sendAttempt } from './attempt';
import { disableAfterS, MAX_DELAY_S, retryDelayS } from './schedule';
import { signedHeaders } from './signature';
import { checkWebhookUrl } from './url-policy';

/**
 * Waking one delivery: claim it (when due and not already in flight), make one signed attempt,
 * record it, and tell the queue what to do with the message: acknowledge it, or bring it back
 * after the schedule's next delay (`delaySeconds`). The schedule lives in the database, so a
 * message woken early (a duplicate, a sweep) waits for the delivery's due time instead.
 */

/** What the queue should do with the delivery's message. */
export type QueueAction = { kind: 'ack' } | { kind: 'retry'; delayS: number };

/** Seconds a claim holds a delivery beyond the attempt's own timeout (recording it included). */
const LEASE_MARGIN_S = 30;

function seconds(ms: number): number {
  return Math.min(MAX_DELAY_S, Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * Wakes delivery `deliveryId`. Throws when the database can't be reached (the message is then
 * retried with the database back-off); any other failure is recorded as the attempt's.
 */
export async function processDelivery(
  services: Services,
  deliveryId: string,
): Promise<QueueAction> {
  const { config, logger } = services;
  const db = services.db;
  if (!db) throw new Error('no database is configured');
  const settings = config.webhooks;
  const started = services.now();
  const leaseS = Math.ceil(settings.timeoutMs / 1000) + LEASE_MARGIN_S;
  const claim = await claimDelivery(db.service, deliveryId, new Date(started), leaseS);
  if (claim.state === 'wait')
    return { kind: 'retry', delayS: seconds(Date.parse(claim.until) - started) };
  if (claim.state !== 'claimed') return { kind: 'ack' };

  const policy = checkWebhookUrl(claim.url, { allowLocal: settings.allowLocalUrls });
  let result: AttemptResult;
  if (policy.ok) {
    const signed = await signedHeaders(claim.secrets, {
      id: claim.event_id,
      timestampS: Math.floor(started / 1000),
      body: claim.body,
    });
    result = await sendAttempt(
      { url: claim.url, headers: signed, body: claim.body },
      { timeoutMs: settings.timeoutMs, now: services.now },
    );
  } else {
    result = {
      statusCode: null,
      latencyMs: 0,
      error: `not sent: ${policy.reason}`,
      excerpt: null,
      retryAfterS: null,
    };
  }

  const verdict = judge(result, policy.ok);
  const delayS =
    verdict === 'retry'
      ? retryDelayS(claim.round_attempt, settings.retryDelaysS, { retryAfterS: result.retryAfterS })
      : null;
  const outcome = verdict === 'retry' ? (delayS === null ? 'failed' : 'retrying') : verdict;
  const finished = services.now();
  const recorded = await recordAttempt(db.service, {
    deliveryId: claim.delivery_id,
    attempt: claim.attempt,
    at: new Date(started),
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    error: result.error,
    excerpt: result.excerpt,
    outcome,
    nextAttemptAt: delayS === null ? null : new Date(finished + delayS * 1000),
    disableAfterS: disableAfterS(settings.retryDelaysS),
  });
  const ids = {
    delivery_id: claim.delivery_id,
    integration_id: claim.integration_id,
    organization_id: claim.organization_id,
    event_id: claim.event_id,
    attempt: claim.attempt,
  };
  if (outcome !== 'succeeded')
    logger.info('webhook_attempt_failed', {
      ...ids,
      outcome,
      status: result.statusCode,
      error: result.error,
    });
  if (recorded.disabledReason)
    logger.warn('webhook_integration_disabled', { ...ids, reason: recorded.disabledReason });
  return delayS === null ? { kind: 'ack' } : { kind: 'retry', delayS };
}

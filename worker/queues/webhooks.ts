import { DbError, type DbErrorKind } from '../db/errors';
import { dueDeliveries } from '../db/webhooks';
import type { Services } from '../services';
import { processDelivery } from '../webhooks/deliver';
import { fanOut, WebhookMessageSchema, wakeDeliveries } from '../webhooks/fan-out';
import { deadLetter, WEBHOOK_DEAD_LETTER_PREFIX } from './dead-letter';
import { retryDelaySeconds } from './persist-analysis';

/**
 * The webhooks consumer. `event` messages are recorded and fanned out into one `delivery`
 * message per subscribed integration; `delivery` messages make one attempt when the delivery
 * is due and come back after the schedule's next delay (worker/webhooks/deliver.ts).
 * - Every message of a batch is handled at once, so a slow endpoint (each attempt is bounded
 *   by WEBHOOK_TIMEOUT_MS) holds up no other delivery of the batch.
 * - While the database is unavailable every message is retried with the database back-off
 *   (2 s, 4 s … 5 min). An event the database refuses for good (its organisation is gone) is
 *   kept in R2; so is one that used up the queue's retries (the dead-letter consumer).
 */
export async function consumeWebhooks(batch: MessageBatch, services: Services): Promise<void> {
  await Promise.all(batch.messages.map((message) => handle(services, message)));
}

const REFUSED = new Set<DbErrorKind>(['not_found', 'invalid']);

async function handle(services: Services, message: Message): Promise<void> {
  const { logger } = services;
  const parsed = WebhookMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    await keep(services, message, `not a webhook message: ${parsed.error.issues[0]?.message}`);
    return;
  }
  const body = parsed.data;
  try {
    if (body.kind === 'event') {
      await fanOut(services, body.event);
      message.ack();
      return;
    }
    const action = await processDelivery(services, body.delivery_id);
    if (action.kind === 'ack') message.ack();
    else message.retry({ delaySeconds: action.delayS });
  } catch (error) {
    // Refused for good: the organisation is gone (a foreign key) or the event breaks a check.
    if (body.kind === 'event' && error instanceof DbError && REFUSED.has(error.kind)) {
      await keep(services, message, `refused by the database (${error.kind} ${error.code})`);
      return;
    }
    logger.warn('webhook_message_retry', {
      kind: body.kind,
      attempts: message.attempts,
      ...(body.kind === 'event' ? { event_id: body.event.id } : { delivery_id: body.delivery_id }),
      error,
      code: error instanceof DbError ? error.code : undefined,
    });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/**
 * The dead-letter consumer: an event that never reached the database is kept in R2. A delivery
 * is already in the database, and the sweeper wakes it again once it is overdue.
 */
export async function consumeWebhookDeadLetters(
  batch: MessageBatch,
  services: Services,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = WebhookMessageSchema.safeParse(message.body);
    if (parsed.success && parsed.data.kind === 'delivery') {
      services.logger.warn('webhook_delivery_message_dropped', {
        delivery_id: parsed.data.delivery_id,
        reason: 'retries exhausted; the sweeper will wake it',
      });
      message.ack();
    } else {
      await keep(services, message, 'retries exhausted while the database was unavailable');
    }
  }
}

async function keep(services: Services, message: Message, reason: string): Promise<void> {
  const parsed = WebhookMessageSchema.safeParse(message.body);
  const id = parsed.success && parsed.data.kind === 'event' ? parsed.data.event.id : message.id;
  try {
    await deadLetter(services.storage.bucket, services.logger, message.body, reason, {
      prefix: WEBHOOK_DEAD_LETTER_PREFIX,
      id: id.replace(/[^\w-]/g, '_'),
      event: 'webhook_event_dead_lettered',
    });
    message.ack();
  } catch (error) {
    services.logger.error('dead_letter_failed', { error });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/** A delivery this overdue has lost its queue message (the queue itself is seconds late at worst). */
export const SWEEP_OVERDUE_S = 300;
/** Deliveries woken per sweep; the next sweep (5 minutes later) takes the rest. */
const SWEEP_LIMIT = 1_000;

/**
 * The cron sweeper (every 5 minutes, wrangler.toml `[triggers]`): wakes pending deliveries whose
 * due time passed more than SWEEP_OVERDUE_S ago with no attempt in flight. Their message was
 * lost (an enqueue that failed after the event was recorded, a message dead-lettered while the
 * database was away), so nothing stays pending for ever. Returns how many it woke.
 */
export async function sweepWebhooks(services: Services): Promise<number> {
  if (!services.db) return 0;
  const due = await dueDeliveries(
    services.db.service,
    new Date(services.now()),
    SWEEP_OVERDUE_S,
    SWEEP_LIMIT,
  );
  await wakeDeliveries(services, due);
  if (due.length > 0) services.logger.warn('webhook_deliveries_swept', { count: due.length });
  return due.length;
}

import { z } from 'zod';
import { enqueueEvent, type QueuedEvent, QueuedEventSchema } from '../db/webhooks';
import type { Services } from '../services';

/**
 * The webhook queue's messages, and the step from an event to its deliveries.
 * - `event`: an event to record and fan out, one delivery per subscribed integration.
 * - `delivery`: wake one delivery: attempt it if it is due (see deliver.ts).
 * Each delivery is its own message, so each has its own schedule and none waits on another.
 */
export const WebhookMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), event: QueuedEventSchema }),
  z.object({ kind: z.literal('delivery'), delivery_id: z.uuid() }),
]);
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

/** Cloudflare Queues take at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;

/**
 * Sends a wake-up message for each delivery, now or after `delayS`. Without a queue binding
 * nothing is sent: the sweeper (sweep.ts) finds the overdue deliveries in the database.
 */
export async function wakeDeliveries(
  services: Services,
  deliveryIds: string[],
  delayS = 0,
): Promise<void> {
  const queue = services.webhookQueue;
  if (!queue) return;
  for (let i = 0; i < deliveryIds.length; i += SEND_BATCH_MAX) {
    const messages = deliveryIds.slice(i, i + SEND_BATCH_MAX).map((id) => ({
      body: { kind: 'delivery', delivery_id: id } satisfies WebhookMessage,
      contentType: 'json' as const,
      ...(delayS > 0 ? { delaySeconds: delayS } : {}),
    }));
    await queue.sendBatch(messages);
  }
}

/**
 * Records an event with its deliveries and wakes them. Idempotent, so a retried message only
 * wakes the deliveries that have not been attempted yet. Throws DbError or a queue error; the
 * caller retries. Returns the deliveries it woke.
 */
export async function fanOut(services: Services, event: QueuedEvent): Promise<string[]> {
  const db = services.db;
  if (!db) throw new Error('no database is configured');
  const deliveries = await enqueueEvent(db.service, event, new Date(services.now()));
  await wakeDeliveries(services, deliveries);
  return deliveries;
}

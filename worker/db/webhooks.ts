import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { WebhookEventTypeSchema } from '#core/schemas/webhook-events';
import { run } from './client';

/**
 * The webhook queue's side of the database (service role only): events become deliveries,
 * deliveries are claimed for an attempt, and every attempt is recorded. Each is one SQL
 * function (migrations/20261203000000_integrations.sql), so each step is one transaction.
 */

/** An event as the queue carries it: the exact body every delivery sends and signs. */
export const QueuedEventSchema = z.object({
  id: z.string().regex(/^evt_[0-9a-f]{32}$/),
  organization_id: z.uuid(),
  type: WebhookEventTypeSchema,
  version: z.number().int().positive(),
  body: z.string().max(65_536),
  test: z.boolean(),
  /** A test event goes to this integration alone, whatever it subscribes to. */
  only_integration: z.uuid().nullable(),
});
export type QueuedEvent = z.infer<typeof QueuedEventSchema>;

/**
 * Records the event and a pending delivery for each enabled integration subscribed to it.
 * Idempotent (same id, nothing new). Returns the deliveries not attempted yet, to be woken.
 */
export function enqueueEvent(
  service: SupabaseClient,
  event: QueuedEvent,
  now: Date,
): Promise<string[]> {
  return run(
    service.rpc('enqueue_webhook_event', {
      p_event_id: event.id,
      p_organization: event.organization_id,
      p_type: event.type,
      p_version: event.version,
      p_body: event.body,
      p_now: now.toISOString(),
      p_test: event.test,
      p_only_integration: event.only_integration,
    }),
    z.array(z.uuid()),
  );
}

const ClaimSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('claimed'),
    delivery_id: z.uuid(),
    integration_id: z.uuid(),
    organization_id: z.uuid(),
    /** The attempt's number among all the delivery's attempts (the log's numbering). */
    attempt: z.number().int().positive(),
    /** Its number within the current schedule (a redelivery starts a new one). */
    round_attempt: z.number().int().positive(),
    url: z.string(),
    /** The current secret, then the previous one while its grace period lasts. */
    secrets: z.array(z.string()).min(1),
    event_id: z.string(),
    event_type: WebhookEventTypeSchema,
    body: z.string(),
  }),
  z.object({ state: z.literal('wait'), until: z.string() }),
  z.object({ state: z.enum(['done', 'gone', 'disabled']) }),
]);
export type Claim = z.infer<typeof ClaimSchema>;

/** Takes a delivery for one attempt, leased for `leaseS` seconds (see the SQL function). */
export function claimDelivery(
  service: SupabaseClient,
  deliveryId: string,
  now: Date,
  leaseS: number,
): Promise<Claim> {
  return run(
    service.rpc('claim_webhook_delivery', {
      p_delivery: deliveryId,
      p_now: now.toISOString(),
      p_lease_seconds: leaseS,
    }),
    ClaimSchema,
  );
}

/** One attempt as the delivery log keeps it. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  excerpt: string | null;
  outcome: 'succeeded' | 'retrying' | 'failed' | 'gone';
  nextAttemptAt: Date | null;
  /** The integration is disabled when a delivery fails for good after this long failing. */
  disableAfterS: number;
}

/** Records an attempt; says whether the integration was disabled by it, and why. */
export async function recordAttempt(
  service: SupabaseClient,
  record: AttemptRecord,
): Promise<{ recorded: boolean; disabledReason: string | null }> {
  const result = await run(
    service.rpc('record_webhook_attempt', {
      p_delivery: record.deliveryId,
      p_attempt: record.attempt,
      p_at: record.at.toISOString(),
      p_status_code: record.statusCode,
      p_latency_ms: record.latencyMs,
      p_error: record.error,
      p_excerpt: record.excerpt,
      p_outcome: record.outcome,
      p_next_attempt_at: record.nextAttemptAt?.toISOString() ?? null,
      p_disable_after_seconds: record.disableAfterS,
    }),
    z.object({ recorded: z.boolean(), disabled_reason: z.string().nullable().optional() }),
  );
  return { recorded: result.recorded, disabledReason: result.disabled_reason ?? null };
}

/** Pending deliveries overdue by `overdueS` with no attempt in flight (their message was lost). */
export function dueDeliveries(
  service: SupabaseClient,
  now: Date,
  overdueS: number,
  limit: number,
): Promise<string[]> {
  return run(
    service.rpc('due_webhook_deliveries', {
      p_now: now.toISOString(),
      p_overdue_seconds: overdueS,
      p_limit: limit,
    }),
    z.array(z.uuid()),
  );
}

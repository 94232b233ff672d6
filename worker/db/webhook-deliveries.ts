import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { WebhookEventTypeSchema } from '#core/schemas/webhook-events';
import { run } from './client';
import { afterKey, decodeCursor, keysetPage, rowsToRead } from './pagination';

/**
 * The delivery log of an integration, as its admins read it: every delivery (one event to one
 * endpoint) with every attempt, newest deliveries first.
 */

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const AttemptSchema = z
  .object({
    attempt: z.number().int().positive(),
    attempted_at: z.string(),
    status_code: z.number().int().nullable().meta({ description: 'Null: no answer came back.' }),
    latency_ms: z.number().int().nonnegative(),
    error: z.string().nullable().meta({ example: 'HTTP 503' }),
    response_excerpt: z
      .string()
      .nullable()
      .meta({ description: 'The first 1,024 characters of the answer.' }),
    outcome: z.enum(['succeeded', 'retrying', 'failed', 'gone']),
    next_attempt_at: z.string().nullable().meta({ description: 'When the next try is due.' }),
  })
  .meta({ id: 'WebhookAttempt' });

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    event_id: z.string(),
    event_type: WebhookEventTypeSchema,
    status: z.enum(DELIVERY_STATUSES),
    attempt_count: z.number().int().nonnegative(),
    next_attempt_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
    attempts: z.array(AttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type Delivery = z.infer<typeof DeliverySchema>;

const ATTEMPT_COLUMNS = Object.keys(AttemptSchema.shape).join(', ');
const COLUMNS = `${Object.keys(DeliverySchema.shape)
  .filter((k) => k !== 'attempts')
  .join(', ')}, attempts:webhook_attempts(${ATTEMPT_COLUMNS})`;

/** Where a page of deliveries ends: the last one's created_at (`c`) and id (`i`). */
const CursorSchema = z.object({
  c: z
    .string()
    .max(40)
    .refine((c) => !Number.isNaN(Date.parse(c))),
  i: z.uuid(),
});

/**
 * A page of an integration's deliveries, newest first, each with its attempts in order, and
 * the cursor of the next page (null on the last). `BadCursor` for a cursor not ours.
 */
export async function listDeliveries(
  client: SupabaseClient,
  org: string,
  integrationId: string,
  options: { status?: (typeof DELIVERY_STATUSES)[number]; limit: number; cursor?: string },
): Promise<{ items: Delivery[]; next_cursor: string | null }> {
  let query = client
    .from('webhook_deliveries')
    .select(COLUMNS)
    .eq('organization_id', org)
    .eq('integration_id', integrationId);
  if (options.status) query = query.eq('status', options.status);
  if (options.cursor) {
    const { c, i } = decodeCursor(options.cursor, CursorSchema);
    query = query.or(afterKey({ column: 'created_at', descending: true, value: c, id: i }));
  }
  const rows = await run(
    query
      .order('created_at', { ascending: false })
      .order('id', { ascending: false })
      .order('attempt', { referencedTable: 'webhook_attempts' })
      .limit(rowsToRead(options.limit)),
    z.array(DeliverySchema),
  );
  return keysetPage(rows, options.limit, (last) => ({ c: last.created_at, i: last.id }));
}

export const DeliveryDetailSchema = DeliverySchema.extend({
  event: z.object({
    id: z.string(),
    type: WebhookEventTypeSchema,
    version: z.number().int(),
    test: z.boolean(),
    created_at: z.string(),
    body: z.string().meta({ description: 'The exact body every attempt sent and signed.' }),
  }),
}).meta({ id: 'WebhookDeliveryDetail' });
export type DeliveryDetail = z.infer<typeof DeliveryDetailSchema>;

/** One delivery of the integration with its attempts and its event's body, or null. */
export function getDelivery(
  client: SupabaseClient,
  org: string,
  integrationId: string,
  id: string,
): Promise<DeliveryDetail | null> {
  return run(
    client
      .from('webhook_deliveries')
      .select(`${COLUMNS}, event:webhook_events(id, type, version, test, created_at, body)`)
      .eq('organization_id', org)
      .eq('integration_id', integrationId)
      .eq('id', id)
      .order('attempt', { referencedTable: 'webhook_attempts' })
      .maybeSingle(),
    DeliveryDetailSchema.nullable(),
  );
}

/** Schedules a delivery again from now with a fresh schedule (admins). Throws DbError not_found. */
export async function redeliver(user: SupabaseClient, id: string): Promise<void> {
  await run(user.rpc('redeliver_webhook_delivery', { target: id }), z.uuid());
}

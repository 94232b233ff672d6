import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { WebhookEventTypeSchema } from '#core/schemas/webhook-events';
import { run } from './client';

/**
 * `integrations`: an organisation's webhook endpoints, as its admins see them (through their
 * own token: row-level security lets only admins in). The signing secrets are not among the
 * columns signed-in users may read; a secret is shown once, by the route that made it.
 */
export const IntegrationSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(WebhookEventTypeSchema),
    enabled: z.boolean(),
    disabled_reason: z
      .string()
      .nullable()
      .meta({ description: 'Why it is disabled: by an admin, a 410 Gone, or it kept failing.' }),
    disabled_at: z.string().nullable(),
    secret_rotated_at: z.string().nullable(),
    previous_secret_expires_at: z.string().nullable().meta({
      description:
        'Until then deliveries are also signed with the secret before the last rotation.',
    }),
    failing_since: z
      .string()
      .nullable()
      .meta({ description: 'The first failed attempt since the last success; null when healthy.' }),
    last_success_at: z.string().nullable(),
    last_failure_at: z.string().nullable(),
    created_by: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Integration' });
export type Integration = z.infer<typeof IntegrationSchema>;

const COLUMNS = Object.keys(IntegrationSchema.shape).join(', ');

/** The most integrations one organisation may have. */
export const MAX_INTEGRATIONS = 25;

/** The organisation's integrations, oldest first. */
export function listIntegrations(user: SupabaseClient, org: string): Promise<Integration[]> {
  return run(
    user
      .from('integrations')
      .select(COLUMNS)
      .eq('organization_id', org)
      .order('created_at')
      .limit(MAX_INTEGRATIONS * 2),
    z.array(IntegrationSchema),
  );
}

/** One integration of `org`, or null. */
export function getIntegration(
  user: SupabaseClient,
  org: string,
  id: string,
): Promise<Integration | null> {
  return run(
    user.from('integrations').select(COLUMNS).eq('organization_id', org).eq('id', id).maybeSingle(),
    IntegrationSchema.nullable(),
  );
}

/** Stores a new integration with its signing secret (the caller is recorded as its creator). */
export function createIntegration(
  user: SupabaseClient,
  org: string,
  fields: { url: string; description: string; events: string[]; secret: string },
): Promise<Integration> {
  return run(
    user
      .from('integrations')
      .insert({ organization_id: org, ...fields })
      .select(COLUMNS)
      .single(),
    IntegrationSchema,
  );
}

/** What an admin may change; `enabled` also sets or clears the disabled reason. */
export interface IntegrationChange {
  url?: string;
  description?: string;
  events?: string[];
  enabled?: boolean;
}

/** Applies a change; null when `org` has no such integration. */
export async function updateIntegration(
  user: SupabaseClient,
  org: string,
  id: string,
  change: IntegrationChange,
  context: { at: Date; disabledReason: string },
): Promise<Integration | null> {
  const { enabled, ...rest } = change;
  const row: Record<string, unknown> = { ...rest };
  if (enabled === true)
    Object.assign(row, { enabled, disabled_reason: null, disabled_at: null, failing_since: null });
  if (enabled === false)
    Object.assign(row, {
      enabled,
      disabled_reason: context.disabledReason,
      disabled_at: context.at.toISOString(),
    });
  const rows = await run(
    user.from('integrations').update(row).eq('organization_id', org).eq('id', id).select(COLUMNS),
    z.array(IntegrationSchema),
  );
  return rows[0] ?? null;
}

/** Deletes an integration with its deliveries and their log; false when there was none. */
export async function deleteIntegration(
  user: SupabaseClient,
  org: string,
  id: string,
): Promise<boolean> {
  const rows = await run(
    user.from('integrations').delete().eq('organization_id', org).eq('id', id).select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows.length > 0;
}

/**
 * Replaces the signing secret; the old one keeps signing beside it for `graceS` seconds.
 * Returns when the old one stops (null with no grace). Throws DbError not_found.
 */
export function rotateSecret(
  user: SupabaseClient,
  id: string,
  secret: string,
  graceS: number,
): Promise<string | null> {
  return run(
    user.rpc('rotate_integration_secret', {
      target: id,
      new_secret: secret,
      grace_seconds: graceS,
    }),
    z.string().nullable(),
  );
}

/** How many integrations `org` has, counted up to one past the limit. */
export async function countIntegrations(user: SupabaseClient, org: string): Promise<number> {
  const rows = await run(
    user
      .from('integrations')
      .select('id')
      .eq('organization_id', org)
      .limit(MAX_INTEGRATIONS + 1),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows.length;
}

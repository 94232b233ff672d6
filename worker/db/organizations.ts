import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { run } from './client';
import { RoleSchema } from './organization-members';

/** `organizations`, as a member sees one: with their own role in it. */
export const OrganizationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: RoleSchema,
    created_at: z.string(),
  })
  .meta({ id: 'Organization' });
export type Organization = z.infer<typeof OrganizationSchema>;

const OrganizationRowSchema = z.object({ id: z.uuid(), name: z.string(), created_at: z.string() });

/** Creates an organisation with the caller as its owner (the `create_organization` RPC). */
export async function createOrganization(
  user: SupabaseClient,
  name: string,
): Promise<Organization> {
  const row = await run(user.rpc('create_organization', { name }), OrganizationRowSchema);
  return { ...row, role: 'owner' };
}

/** The organisations `userId` belongs to, oldest membership first, with their role in each. */
export async function organizationsOf(
  user: SupabaseClient,
  userId: string,
): Promise<Organization[]> {
  const rows = await run(
    user
      .from('organization_members')
      .select('role, organization:organizations(id, name, created_at)')
      .eq('user_id', userId)
      .order('created_at'),
    z.array(z.object({ role: RoleSchema, organization: OrganizationRowSchema })),
  );
  return rows.map((r) => ({ ...r.organization, role: r.role }));
}

/** One organisation through the service role (for API-key callers); null when it is gone. */
export function organizationById(
  service: SupabaseClient,
  org: string,
): Promise<z.infer<typeof OrganizationRowSchema> | null> {
  return run(
    service.from('organizations').select('id, name, created_at').eq('id', org).maybeSingle(),
    OrganizationRowSchema.nullable(),
  );
}

/** An organisation's own live-call alert levels ([review, alert, hard alert]), or null. */
const AlertLevelsRowSchema = z.object({
  call_alert_levels: z.array(z.coerce.number()).length(3).nullable(),
});

/** The organisation's own alert levels, or null when it uses the deployment's thresholds. */
export async function alertLevelsOf(
  client: SupabaseClient,
  org: string,
): Promise<[number, number, number] | null> {
  const row = await run(
    client.from('organizations').select('call_alert_levels').eq('id', org).maybeSingle(),
    AlertLevelsRowSchema.nullable(),
  );
  const levels = row?.call_alert_levels;
  return levels ? [levels[0] ?? 0, levels[1] ?? 0, levels[2] ?? 0] : null;
}

/** Sets (or, with null, clears) the organisation's alert levels (admins). False: no such org. */
export async function setAlertLevels(
  user: SupabaseClient,
  org: string,
  levels: [number, number, number] | null,
): Promise<boolean> {
  const rows = await run(
    user.from('organizations').update({ call_alert_levels: levels }).eq('id', org).select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows.length > 0;
}

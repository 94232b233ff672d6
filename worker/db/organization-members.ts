import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { run } from './client';

/**
 * `organization_members`: who belongs to which organisation, with which role.
 * Roles in ascending order of privilege, exactly as the `member_role` enum orders them (a db
 * test keeps the two in step): each role can do what the roles below it can.
 */
export const ROLES = ['viewer', 'analyst', 'reviewer', 'admin', 'owner'] as const;
export const RoleSchema = z.enum(ROLES).meta({
  id: 'Role',
  description:
    'viewer < analyst < reviewer < admin < owner. Viewers read; analysts also create analyses; ' +
    'reviewers also review; admins also manage members (below owner) and API keys; owners manage owners.',
});
export type Role = z.infer<typeof RoleSchema>;

/** Whether `role` is `min` or above. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

export const MemberSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string().nullable(),
    role: RoleSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof MemberSchema>;

/** Members of `org` with their emails (the caller must be a member; RLS-checked in SQL). */
export function listMembers(user: SupabaseClient, org: string): Promise<Member[]> {
  return run(
    user.rpc('organization_members_with_email', { target_organization: org }),
    z.array(MemberSchema),
  );
}

/** One member of `org`, or null. */
export async function findMember(
  user: SupabaseClient,
  org: string,
  userId: string,
): Promise<Member | null> {
  const rows = await run(
    user.rpc('organization_members_with_email', { target_organization: org, target_user: userId }),
    z.array(MemberSchema),
  );
  return rows[0] ?? null;
}

/** Changes a member's role; false when RLS hid the row (no such member, or an owner for an admin). */
export async function changeRole(
  user: SupabaseClient,
  org: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const rows = await run(
    user
      .from('organization_members')
      .update({ role })
      .eq('organization_id', org)
      .eq('user_id', userId)
      .select('user_id'),
    z.array(z.object({ user_id: z.uuid() })),
  );
  return rows.length > 0;
}

/** Removes a member; false when RLS hid the row. The last owner is refused (`last_owner`). */
export async function removeMember(
  user: SupabaseClient,
  org: string,
  userId: string,
): Promise<boolean> {
  const rows = await run(
    user
      .from('organization_members')
      .delete()
      .eq('organization_id', org)
      .eq('user_id', userId)
      .select('user_id'),
    z.array(z.object({ user_id: z.uuid() })),
  );
  return rows.length > 0;
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { run } from './client';
import { type Role, RoleSchema } from './organization-members';

/**
 * `organization_invitations`: how anyone but an organisation's creator joins it. An admin
 * invites an email or an account id; the invitee accepts or declines; an admin revokes; an
 * invitation expires after 7 days. Every change goes through a database function run with the
 * caller's own token, which checks who they are (migrations/…_invitations.sql).
 */

/** Where an invitation stands (`expired`: still open, past its time; the database decides). */
export const INVITATION_STATES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    organization_id: z.uuid(),
    email: z.string().nullable(),
    user_id: z.uuid().nullable(),
    role: RoleSchema,
    status: z.enum(INVITATION_STATES),
    invited_by: z.uuid().nullable(),
    created_at: z.string(),
    expires_at: z.string(),
    responded_at: z.string().nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;

/** An invitation as its invitee sees it: with the organisation's name. */
export const ReceivedInvitationSchema = z
  .object({
    id: z.uuid(),
    organization_id: z.uuid(),
    organization_name: z.string(),
    role: RoleSchema,
    status: z.enum(INVITATION_STATES),
    created_at: z.string(),
    expires_at: z.string(),
  })
  .meta({ id: 'ReceivedInvitation' });

/** The columns of an Invitation; `status` is the computed `invitation_state`. */
const COLUMNS =
  'id, organization_id, email, user_id, role, status:invitation_state, invited_by, created_at, expires_at, responded_at';

/** Who is invited: an email or an account id (exactly one). */
export type Invitee = { email: string; userId?: undefined } | { userId: string; email?: undefined };

/**
 * Invites `who` to `org` as `role` (admins; owners for owners). The same answer whether or not
 * any account has that email or id; an open invitation for them is renewed.
 */
export function createInvitation(
  user: SupabaseClient,
  org: string,
  who: Invitee,
  role: Role,
): Promise<Invitation> {
  return run(
    user
      .rpc('create_invitation', {
        target_organization: org,
        new_role: role,
        target_email: who.email ?? null,
        target_user: who.userId ?? null,
      })
      .select(COLUMNS)
      .single(),
    InvitationSchema,
  );
}

/** One invitation of `org` (admins), or null. */
export async function findInvitation(
  user: SupabaseClient,
  org: string,
  id: string,
): Promise<Invitation | null> {
  return run(
    user
      .from('organization_invitations')
      .select(COLUMNS)
      .eq('organization_id', org)
      .eq('id', id)
      .maybeSingle(),
    InvitationSchema.nullable(),
  );
}

/** The organisation's invitations, newest first (admins; at most `limit`). */
export function listInvitations(
  user: SupabaseClient,
  org: string,
  limit: number,
): Promise<Invitation[]> {
  return run(
    user
      .from('organization_invitations')
      .select(COLUMNS)
      .eq('organization_id', org)
      .order('created_at', { ascending: false })
      .order('id', { ascending: false })
      .limit(limit),
    z.array(InvitationSchema),
  );
}

/** The open invitations addressed to the caller's account (by its email or id). */
export async function myInvitations(user: SupabaseClient) {
  const rows = await run(
    user.rpc('my_invitations'),
    z.array(
      ReceivedInvitationSchema.omit({ status: true }).extend({ state: z.enum(INVITATION_STATES) }),
    ),
  );
  return rows.map(({ state, ...row }) => ({ ...row, status: state }));
}

/** Accepts an invitation addressed to the caller: the membership it made. */
export function acceptInvitation(user: SupabaseClient, id: string) {
  return run(
    user.rpc('accept_invitation', { invitation: id }),
    z.object({ organization_id: z.uuid(), user_id: z.uuid(), role: RoleSchema }),
  );
}

/** Declines an invitation addressed to the caller. */
export async function declineInvitation(user: SupabaseClient, id: string): Promise<void> {
  await run(user.rpc('decline_invitation', { invitation: id }), z.unknown());
}

/** Withdraws an open invitation of the caller's organisation (admins; owners for owners). */
export async function revokeInvitation(user: SupabaseClient, id: string): Promise<void> {
  await run(user.rpc('revoke_invitation', { invitation: id }), z.unknown());
}

import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, makeOrg, serviceClient, signUp, type TestOrg, type TestUser } from './clients';

/**
 * Invitations (issue #21, item 4), through PostgREST with real user tokens. Nobody joins an
 * organisation without accepting; asking tells nothing about which emails have accounts.
 */

let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg('Invites'), makeOrg('Invites elsewhere')]);
});

type Db = TestUser['db'];
const invite = (
  db: Db,
  orgId: string,
  who: { target_email?: string; target_user?: string },
  role = 'viewer',
) => db.rpc('create_invitation', { target_organization: orgId, new_role: role, ...who });
const respond = (db: Db, verb: 'accept' | 'decline', id: string) =>
  db.rpc(`${verb}_invitation`, { invitation: id });

async function memberRole(orgId: string, userId: string): Promise<string | null> {
  const row = await serviceClient()
    .from('organization_members')
    .select('role')
    .eq('organization_id', orgId)
    .eq('user_id', userId)
    .maybeSingle();
  return row.data?.role ?? null;
}

describe('joining an organisation', () => {
  it('is never done to someone: an admin cannot add an existing user directly', async () => {
    const target = await signUp();
    for (const admin of [org.members.admin, org.members.owner]) {
      const inserted = await admin.db
        .from('organization_members')
        .insert({ organization_id: org.id, user_id: target.id, role: 'viewer' });
      expect(inserted.error?.code).toBe('42501');
    }
    const byEmail = await org.members.owner.db.rpc('add_organization_member', {
      target_organization: org.id,
      new_role: 'viewer',
      target_email: target.email,
    });
    expect(byEmail.error).not.toBeNull();
    expect(await memberRole(org.id, target.id)).toBeNull();
  });

  it('answers an invitation the same whether or not the email has an account', async () => {
    const known = await signUp();
    const answers = [];
    for (const email of [known.email, `nobody-${crypto.randomUUID()}@example.test`]) {
      const res = await invite(org.members.admin.db, org.id, { target_email: email });
      expect(res.error).toBeNull();
      const row = res.data as Record<string, unknown>;
      answers.push(Object.keys(row).sort());
      expect(row).toMatchObject({ email: email.toLowerCase(), status: 'pending', role: 'viewer' });
    }
    expect(answers[0]).toEqual(answers[1]);
    // A pending invitation is not a membership.
    expect(await memberRole(org.id, known.id)).toBeNull();
  });

  it('happens when the invitee accepts, by email (any case) or by user id', async () => {
    const [byEmail, byId] = [await signUp(), await signUp()];
    const first = await invite(
      org.members.admin.db,
      org.id,
      { target_email: byEmail.email.toUpperCase() },
      'analyst',
    );
    const second = await invite(org.members.admin.db, org.id, { target_user: byId.id });
    // The invitee sees it, with the organisation's name; the accepted one makes a member.
    const mine = await byEmail.db.rpc('my_invitations');
    expect(mine.data).toEqual([
      expect.objectContaining({
        id: (first.data as { id: string }).id,
        organization_id: org.id,
        organization_name: 'Invites',
        role: 'analyst',
        state: 'pending',
      }),
    ]);
    const accepted = await respond(byEmail.db, 'accept', (first.data as { id: string }).id);
    expect(accepted.error).toBeNull();
    expect(await memberRole(org.id, byEmail.id)).toBe('analyst');
    expect((await respond(byId.db, 'accept', (second.data as { id: string }).id)).error).toBeNull();
    expect(await memberRole(org.id, byId.id)).toBe('viewer');
    // Used: it can't be accepted again.
    const again = await respond(byEmail.db, 'accept', (first.data as { id: string }).id);
    expect(again.error).toMatchObject({ code: 'P0002' });
  });

  it("is refused to anyone else holding the invitation's id, and to anon", async () => {
    const invitee = await signUp();
    const stranger = await signUp();
    const res = await invite(org.members.admin.db, org.id, { target_email: invitee.email });
    const id = (res.data as { id: string }).id;
    for (const db of [stranger.db, org.members.viewer.db, other.members.owner.db]) {
      expect((await respond(db, 'accept', id)).error).toMatchObject({ code: 'P0002' });
      expect((await respond(db, 'decline', id)).error).toMatchObject({ code: 'P0002' });
    }
    expect((await respond(anonClient(), 'accept', id)).error).not.toBeNull();
    expect(await memberRole(org.id, stranger.id)).toBeNull();
    // The stranger can't even see it.
    expect((await stranger.db.from('organization_invitations').select('id')).data).toEqual([]);
  });

  it('can be declined, revoked by an admin, and expires', async () => {
    const invitee = await signUp();
    const declined = await invite(org.members.admin.db, org.id, { target_email: invitee.email });
    expect(
      (await respond(invitee.db, 'decline', (declined.data as { id: string }).id)).error,
    ).toBeNull();
    const revoked = await invite(org.members.admin.db, org.id, { target_email: invitee.email });
    const revokedId = (revoked.data as { id: string }).id;
    expect(
      (await org.members.admin.db.rpc('revoke_invitation', { invitation: revokedId })).error,
    ).toBeNull();
    expect((await respond(invitee.db, 'accept', revokedId)).error).toMatchObject({ code: 'P0002' });
    const expiring = await invite(org.members.admin.db, org.id, { target_email: invitee.email });
    const expiringId = (expiring.data as { id: string }).id;
    await serviceClient()
      .from('organization_invitations')
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .eq('id', expiringId);
    expect((await respond(invitee.db, 'accept', expiringId)).error).toMatchObject({
      hint: 'invitation_expired',
    });
    expect(await memberRole(org.id, invitee.id)).toBeNull();
  });

  it('keeps the role rules: only admins invite, only owners invite owners, never another org', async () => {
    const newcomer = await signUp();
    for (const db of [org.members.reviewer.db, org.members.viewer.db]) {
      expect((await invite(db, org.id, { target_email: newcomer.email })).error?.code).toBe(
        '42501',
      );
    }
    expect(
      (await invite(org.members.admin.db, org.id, { target_email: newcomer.email }, 'owner')).error
        ?.code,
    ).toBe('42501');
    expect(
      (await invite(org.members.owner.db, org.id, { target_email: newcomer.email }, 'owner')).error,
    ).toBeNull();
    expect(
      (await invite(org.members.owner.db, other.id, { target_email: newcomer.email })).error?.code,
    ).toBe('42501');
    // Members' invitations are not writable around the functions.
    const forged = await newcomer.db
      .from('organization_invitations')
      .insert({ organization_id: org.id, email: newcomer.email, role: 'owner' });
    expect(forged.error?.code).toBe('42501');
  });
});

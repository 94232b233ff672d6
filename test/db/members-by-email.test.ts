import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, makeOrg, signUp, type TestOrg } from './clients';

/**
 * add_organization_member and organization_members_with_email, through PostgREST with real
 * user tokens: they run as the caller (RLS applies), and reveal nothing about accounts to
 * anyone who may not add members.
 */

let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg('Emails'), makeOrg('Elsewhere')]);
});

const add = (
  db: TestOrg['members']['owner']['db'],
  orgId: string,
  who: { target_user?: string; target_email?: string },
  role = 'viewer',
) => db.rpc('add_organization_member', { target_organization: orgId, new_role: role, ...who });

describe('add_organization_member', () => {
  it('adds by email, whatever its case, or by user id, as the admin who calls', async () => {
    const [byEmail, byId] = [await signUp(), await signUp()];
    const first = await add(org.members.admin.db, org.id, {
      target_email: byEmail.email.toUpperCase(),
    });
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({
      organization_id: org.id,
      user_id: byEmail.id,
      role: 'viewer',
    });
    const second = await add(org.members.admin.db, org.id, { target_user: byId.id }, 'analyst');
    expect(second.data).toMatchObject({ user_id: byId.id, role: 'analyst' });
  });

  it('tells a non-admin nothing about whether an email has an account', async () => {
    const known = await signUp();
    for (const email of [known.email, 'nobody-here@example.test']) {
      const res = await add(org.members.analyst.db, org.id, { target_email: email });
      expect(res.error?.code).toBe('42501');
    }
    const foreign = await add(org.members.owner.db, other.id, { target_email: known.email });
    expect(foreign.error?.code).toBe('42501');
  });

  it('says which email has no account to an admin, and refuses duplicates', async () => {
    const missing = await add(org.members.admin.db, org.id, { target_email: 'ghost@example.test' });
    expect(missing.error).toMatchObject({ code: 'P0002', hint: 'no_such_user' });
    const duplicate = await add(org.members.admin.db, org.id, {
      target_user: org.members.viewer.id,
    });
    expect(duplicate.error?.code).toBe('23505');
  });

  it('keeps the row-level rules: an admin cannot add an owner', async () => {
    const newcomer = await signUp();
    const res = await add(org.members.admin.db, org.id, { target_user: newcomer.id }, 'owner');
    expect(res.error?.code).toBe('42501');
  });

  it('is not callable without signing in', async () => {
    const res = await add(anonClient(), org.id, { target_email: 'x@example.test' });
    expect(res.error).not.toBeNull();
    expect(res.data).toBeNull();
  });
});

describe('organization_members_with_email', () => {
  it("lists a member's co-members with their emails", async () => {
    const res = await org.members.viewer.db.rpc('organization_members_with_email', {
      target_organization: org.id,
    });
    expect(res.error).toBeNull();
    const rows = res.data as { user_id: string; email: string; role: string }[];
    expect(rows).toContainEqual(
      expect.objectContaining({
        user_id: org.members.owner.id,
        email: org.members.owner.email,
        role: 'owner',
      }),
    );
  });

  it('gives anyone else no rows, and anon nothing at all', async () => {
    const outsider = await other.members.owner.db.rpc('organization_members_with_email', {
      target_organization: org.id,
    });
    expect(outsider.data).toEqual([]);
    const anon = await anonClient().rpc('organization_members_with_email', {
      target_organization: org.id,
    });
    expect(anon.data ?? []).toEqual([]);
  });
});

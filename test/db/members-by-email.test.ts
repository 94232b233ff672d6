import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, makeOrg, type TestOrg } from './clients';

/**
 * organization_members_with_email, through PostgREST with real user tokens: members' emails
 * for members only; auth.users itself stays unreadable. (Members are added by invitation:
 * invitations.test.ts.)
 */

let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg('Emails'), makeOrg('Elsewhere')]);
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

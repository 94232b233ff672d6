import { beforeAll, describe, expect, it } from 'vitest';
import { as, makeOrg, serviceDb, signUp, type TestOrg, testApp } from '../workerd/harness';

/**
 * Invitations (issue #21, item 4). `POST /api/v1/members {email}` answered 404 for an unknown
 * email and 201 for a known one, and put the known user in the organisation without asking
 * them. Now an admin invites (that path included), the answer is the same whoever the email
 * belongs to, and only the invitee's acceptance makes a member.
 */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(app, 'Inviting org');
});

type Invitation = {
  id: string;
  organization_id: string;
  email: string | null;
  user_id: string | null;
  role: string;
  status: string;
  expires_at: string;
};
type Failure = { error: { code: string; message: string } };

const post = <T>(jwt: string, path: string, body: unknown = {}) =>
  app.json<T & Failure>(path, as(jwt, { body }));
const memberIds = async () =>
  (
    await app.json<{ members: { user_id: string }[] }>('/api/v1/members', as(org.members.owner.jwt))
  ).body.members.map((m) => m.user_id);

/** What an answer says, without what differs by nature (ids, times, the email asked for). */
const shape = (res: { status: number; body: Record<string, unknown> }) => ({
  status: res.status,
  keys: Object.keys(res.body).sort(),
  role: res.body.role,
  state: res.body.status,
});

describe('POST /api/v1/members {email}', () => {
  it('answers the same for an email with an account and one without, and adds nobody', async () => {
    const known = await signUp();
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const forKnown = await post<Invitation>(org.members.admin.jwt, '/api/v1/members', {
      email: known.email,
      role: 'analyst',
    });
    const forUnknown = await post<Invitation>(org.members.admin.jwt, '/api/v1/members', {
      email: unknown,
      role: 'analyst',
    });
    expect(shape(forKnown)).toEqual(shape(forUnknown));
    expect(forKnown.status).toBe(201);
    expect(forKnown.body).toMatchObject({ email: known.email, status: 'pending' });
    expect(await memberIds()).not.toContain(known.id);
  });

  it("leaves the invitee's requests as they were: no second organisation to name", async () => {
    const invitee = await signUp();
    const own = await post<{ id: string }>(invitee.jwt, '/api/v1/organizations', { name: 'Mine' });
    expect(own.status).toBe(201);
    await post(org.members.admin.jwt, '/api/v1/members', { email: invitee.email });
    await post(org.members.admin.jwt, '/api/v1/invitations', { user_id: invitee.id });
    // Without x-orgid: still their one organisation, not 400 "several organisations".
    const analysed = await post(invitee.jwt, '/analyze/text', { transcript: 'Hello there' });
    expect(analysed.status).toBe(200);
    const me = await app.json<{ organizations: { id: string }[] }>('/api/v1/me', as(invitee.jwt));
    expect(me.body.organizations.map((o) => o.id)).toEqual([own.body.id]);
  });
});

describe('the invitee', () => {
  it('sees the invitation with the organisation’s name, accepts it, and is a member', async () => {
    const invitee = await signUp();
    const invited = await post<Invitation>(org.members.admin.jwt, '/api/v1/invitations', {
      email: invitee.email.toUpperCase(),
      role: 'reviewer',
    });
    expect(invited.status).toBe(201);
    const mine = await app.json<{ invitations: (Invitation & { organization_name: string })[] }>(
      '/api/v1/me/invitations',
      as(invitee.jwt),
    );
    expect(mine.body.invitations).toEqual([
      expect.objectContaining({
        id: invited.body.id,
        organization_id: org.id,
        organization_name: 'Inviting org',
        role: 'reviewer',
        status: 'pending',
      }),
    ]);
    const accepted = await post(invitee.jwt, `/api/v1/invitations/${invited.body.id}/accept`);
    expect(accepted).toMatchObject({
      status: 200,
      body: { organization_id: org.id, role: 'reviewer' },
    });
    expect(await memberIds()).toContain(invitee.id);
    // One organisation: no x-orgid needed, and the role is the invited one.
    const claim = await app.json('/api/v1/review-queue', as(invitee.jwt));
    expect(claim.status).toBe(200);
    // Done: neither invitee nor anyone can use it again.
    const again = await post(invitee.jwt, `/api/v1/invitations/${invited.body.id}/accept`);
    expect(again.status).toBe(404);
  });

  it('declines; an admin revokes; an expired one is refused (409); nobody else may answer', async () => {
    const invitee = await signUp();
    const invite = async () =>
      (
        await post<Invitation>(org.members.admin.jwt, '/api/v1/invitations', {
          email: invitee.email,
        })
      ).body.id;

    const declined = await invite();
    const stranger = await signUp();
    for (const jwt of [stranger.jwt, org.members.owner.jwt]) {
      expect((await post(jwt, `/api/v1/invitations/${declined}/accept`)).status).toBe(404);
      expect((await post(jwt, `/api/v1/invitations/${declined}/decline`)).status).toBe(404);
    }
    expect(
      (await app.fetch(`/api/v1/invitations/${declined}/decline`, as(invitee.jwt, { body: {} })))
        .status,
    ).toBe(204);

    const revoked = await invite();
    const revoke = await app.fetch(
      `/api/v1/invitations/${revoked}`,
      as(org.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(revoke.status).toBe(204);
    expect((await post(invitee.jwt, `/api/v1/invitations/${revoked}/accept`)).status).toBe(404);

    const expired = await invite();
    await serviceDb()
      .from('organization_invitations')
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .eq('id', expired);
    const late = await post(invitee.jwt, `/api/v1/invitations/${expired}/accept`);
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(late.body.error.message).toMatch(/expired/);

    const listed = await app.json<{ invitations: Invitation[] }>(
      '/api/v1/invitations',
      as(org.members.admin.jwt),
    );
    const states = Object.fromEntries(listed.body.invitations.map((i) => [i.id, i.status]));
    expect(states).toMatchObject({
      [declined]: 'declined',
      [revoked]: 'revoked',
      [expired]: 'expired',
    });
    expect(await memberIds()).not.toContain(invitee.id);
  });

  it('answers 400 for an id that is not one', async () => {
    const res = await post(org.members.viewer.jwt, '/api/v1/invitations/not-an-id/accept');
    expect(res.status).toBe(400);
  });
});

describe("another organisation's invitations", () => {
  it('are never listed, and 404 to revoke, for every admin of this one', async () => {
    const elsewhere = await makeOrg(app, 'Other inviting org');
    const theirs = await post<Invitation>(elsewhere.members.owner.jwt, '/api/v1/invitations', {
      email: `someone-${crypto.randomUUID()}@example.test`,
    });
    expect(theirs.status).toBe(201);
    for (const jwt of [org.members.owner.jwt, org.members.admin.jwt]) {
      const listed = await app.json<{ invitations: Invitation[] }>('/api/v1/invitations', as(jwt));
      expect(listed.body.invitations.map((i) => i.id)).not.toContain(theirs.body.id);
      const revoke = await app.fetch(
        `/api/v1/invitations/${theirs.body.id}`,
        as(jwt, { method: 'DELETE' }),
      );
      expect(revoke.status).toBe(404);
    }
  });
});

describe('who may invite', () => {
  it('admins, and for owners only owners; never viewers, analysts, reviewers or API keys', async () => {
    const newcomer = await signUp();
    for (const jwt of [
      org.members.viewer.jwt,
      org.members.analyst.jwt,
      org.members.reviewer.jwt,
      org.key,
    ]) {
      for (const path of ['/api/v1/invitations', '/api/v1/members']) {
        const res = await post(jwt, path, { email: newcomer.email });
        expect(res.status, path).toBe(403);
      }
    }
    const ownerByAdmin = await post(org.members.admin.jwt, '/api/v1/invitations', {
      email: newcomer.email,
      role: 'owner',
    });
    expect(ownerByAdmin.status).toBe(403);
    const ownerByOwner = await post<Invitation>(org.members.owner.jwt, '/api/v1/invitations', {
      email: newcomer.email,
      role: 'owner',
    });
    expect(ownerByOwner).toMatchObject({ status: 201, body: { role: 'owner' } });
  });

  it('refuses an existing member (409) and a body with both or neither of email and user_id', async () => {
    const member = await post(org.members.admin.jwt, '/api/v1/invitations', {
      email: org.members.viewer.email,
    });
    expect(member.status).toBe(409);
    for (const body of [
      {},
      { user_id: org.members.viewer.id, email: 'x@example.test' },
      { email: 'not-an-email' },
      { email: 'x@example.test', role: 'superuser' },
    ]) {
      const res = await post(org.members.admin.jwt, '/api/v1/invitations', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

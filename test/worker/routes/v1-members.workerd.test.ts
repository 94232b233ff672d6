import { beforeAll, describe, expect, it } from 'vitest';
import { as, join, makeOrg, signUp, type TestOrg, testApp } from '../workerd/harness';

/**
 * Members through /api/v1/members: happy paths, and every refusal a user would meet (the
 * database's row-level security and membership guard behind the Worker's own checks). Adding
 * invites (invitations in full: v1-invitations.workerd.test.ts).
 */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
let inOrg: Record<string, string>;
beforeAll(async () => {
  org = await makeOrg(app, 'Members');
  inOrg = { 'x-orgid': org.id };
});

type Member = { user_id: string; email: string | null; role: string };
type Failure = { error: { code: string; message: string } };

const member = (jwt: string, path: string, options: Parameters<typeof as>[1] = {}) =>
  app.json<Member & Failure>(
    path,
    as(jwt, { ...options, headers: { ...inOrg, ...options.headers } }),
  );

describe('listing', () => {
  it('shows every member with email and role to any member', async () => {
    const res = await app.json<{ members: Member[] }>(
      '/api/v1/members',
      as(org.members.viewer.jwt),
    );
    expect(res.status).toBe(200);
    expect(res.body.members.map((m) => m.role).sort()).toEqual(
      ['admin', 'analyst', 'owner', 'reviewer', 'viewer'].sort(),
    );
    expect(res.body.members.find((m) => m.role === 'owner')).toMatchObject({
      user_id: org.members.owner.id,
      email: org.members.owner.email,
    });
  });
});

describe('adding', () => {
  it('invites: the person is a member only once they accept', async () => {
    const [byId, byEmail] = [await signUp(), await signUp()];
    const first = await member(org.members.admin.jwt, '/api/v1/members', {
      body: { user_id: byId.id },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ user_id: byId.id, role: 'viewer', status: 'pending' });
    const second = await member(org.members.admin.jwt, '/api/v1/members', {
      body: { email: byEmail.email.toUpperCase(), role: 'analyst' },
    });
    expect(second.body).toMatchObject({ email: byEmail.email, role: 'analyst' });
    const listed = async () =>
      (
        await app.json<{ members: Member[] }>('/api/v1/members', as(org.members.viewer.jwt))
      ).body.members.map((m) => m.user_id);
    expect(await listed()).not.toContain(byEmail.id);
    const accepted = await app.fetch(
      `/api/v1/invitations/${(second.body as unknown as { id: string }).id}/accept`,
      as(byEmail.jwt, { body: {} }),
    );
    expect(accepted.status).toBe(200);
    expect(await listed()).toContain(byEmail.id);
    expect(
      (await app.fetch('/analyze/text', as(byEmail.jwt, { body: { transcript: 'hi' } }))).status,
    ).toBe(200);
  });

  it('answers 409 for a member already there', async () => {
    const again = await member(org.members.admin.jwt, '/api/v1/members', {
      body: { user_id: org.members.viewer.id },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses a body with both or neither of user_id and email, or an unknown role', async () => {
    for (const body of [
      {},
      { user_id: org.members.viewer.id, email: 'x@example.test' },
      { email: 'not-an-email' },
      { user_id: 'not-a-uuid' },
      { email: 'x@example.test', role: 'superuser' },
    ]) {
      const res = await member(org.members.admin.jwt, '/api/v1/members', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('lets only owners invite owners', async () => {
    const newcomer = await signUp();
    const byAdmin = await member(org.members.admin.jwt, '/api/v1/members', {
      body: { user_id: newcomer.id, role: 'owner' },
    });
    expect(byAdmin.status).toBe(403);
    const byOwner = await member(org.members.owner.jwt, '/api/v1/members', {
      body: { user_id: newcomer.id, role: 'owner' },
    });
    expect(byOwner.status).toBe(201);
    expect(byOwner.body.role).toBe('owner');
  });
});

describe('changing roles', () => {
  it("changes a member's role", async () => {
    const user = await signUp();
    await join(app, { inviter: org.members.admin.jwt, org: org.id, user, role: 'viewer' });
    const res = await member(org.members.admin.jwt, `/api/v1/members/${user.id}`, {
      method: 'PATCH',
      body: { role: 'reviewer' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_id: user.id, role: 'reviewer' });
  });

  it('refuses an admin touching an owner, or anyone raising their own role', async () => {
    const ownerChange = await member(
      org.members.admin.jwt,
      `/api/v1/members/${org.members.owner.id}`,
      {
        method: 'PATCH',
        body: { role: 'viewer' },
      },
    );
    expect(ownerChange.status).toBe(403);
    const promote = await member(
      org.members.admin.jwt,
      `/api/v1/members/${org.members.viewer.id}`,
      {
        method: 'PATCH',
        body: { role: 'owner' },
      },
    );
    expect(promote.status).toBe(403);
    const self = await member(org.members.admin.jwt, `/api/v1/members/${org.members.admin.id}`, {
      method: 'PATCH',
      body: { role: 'owner' },
    });
    expect(self.status).toBe(403);
  });

  it('answers 404 for someone who is not a member, and 400 for a bad id or role', async () => {
    const stranger = await signUp();
    const res = await member(org.members.owner.jwt, `/api/v1/members/${stranger.id}`, {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    expect(res.status).toBe(404);
    const badId = await member(org.members.owner.jwt, '/api/v1/members/not-a-uuid', {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    expect(badId.status).toBe(400);
    const badRole = await member(
      org.members.owner.jwt,
      `/api/v1/members/${org.members.viewer.id}`,
      {
        method: 'PATCH',
        body: { role: 'emperor' },
      },
    );
    expect(badRole.status).toBe(400);
  });
});

describe('the last owner', () => {
  it('can be neither demoted nor removed (409), until another owner exists', async () => {
    const solo = await makeOrg(app, 'Solo');
    const inSolo = { 'x-orgid': solo.id };
    const owner = solo.members.owner;
    const demote = await app.json<Failure>(
      `/api/v1/members/${owner.id}`,
      as(owner.jwt, { method: 'PATCH', body: { role: 'admin' }, headers: inSolo }),
    );
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/at least one owner/);
    const leave = await app.json<Failure>(
      `/api/v1/members/${owner.id}`,
      as(owner.jwt, { method: 'DELETE', headers: inSolo }),
    );
    expect(leave.status).toBe(409);
    const promoted = await app.json(
      `/api/v1/members/${solo.members.admin.id}`,
      as(owner.jwt, { method: 'PATCH', body: { role: 'owner' }, headers: inSolo }),
    );
    expect(promoted.status).toBe(200);
    const left = await app.fetch(
      `/api/v1/members/${owner.id}`,
      as(owner.jwt, { method: 'DELETE', headers: inSolo }),
    );
    expect(left.status).toBe(204);
    expect((await app.fetch('/api/v1/members', as(owner.jwt, { headers: inSolo }))).status).toBe(
      403,
    );
  });
});

describe('removing', () => {
  it('lets admins remove members below owner, and anyone leave', async () => {
    const [leaver, removed] = [await signUp(), await signUp()];
    for (const user of [leaver, removed])
      await join(app, { inviter: org.members.admin.jwt, org: org.id, user, role: 'viewer' });
    expect(
      (await app.fetch(`/api/v1/members/${leaver.id}`, as(leaver.jwt, { method: 'DELETE' })))
        .status,
    ).toBe(204);
    expect(
      (
        await app.fetch(
          `/api/v1/members/${removed.id}`,
          as(org.members.admin.jwt, { method: 'DELETE', headers: inOrg }),
        )
      ).status,
    ).toBe(204);
    const listed = await app.json<{ members: Member[] }>(
      '/api/v1/members',
      as(org.members.viewer.jwt),
    );
    expect(listed.body.members.map((m) => m.user_id)).not.toContain(removed.id);
    // The removed member's next request is refused at once in this isolate.
    expect((await app.fetch('/api/v1/members', as(removed.jwt, { headers: inOrg }))).status).toBe(
      403,
    );
  });

  it('refuses non-admins removing others, admins removing owners, and unknown members', async () => {
    const byAnalyst = await member(
      org.members.analyst.jwt,
      `/api/v1/members/${org.members.viewer.id}`,
      {
        method: 'DELETE',
      },
    );
    expect(byAnalyst.status).toBe(403);
    const ownerByAdmin = await member(
      org.members.admin.jwt,
      `/api/v1/members/${org.members.owner.id}`,
      {
        method: 'DELETE',
      },
    );
    expect(ownerByAdmin.status).toBe(403);
    const stranger = await signUp();
    const unknown = await member(org.members.owner.jwt, `/api/v1/members/${stranger.id}`, {
      method: 'DELETE',
    });
    expect(unknown.status).toBe(404);
  });
});

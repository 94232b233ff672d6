import { describe, expect, it } from 'vitest';
import { as, join, serviceDb, signUp, testApp } from '../workerd/harness';

/** Creating and listing organisations, and /api/v1/me, as a user would. */

const app = testApp({ AUTH_MODE: 'on' });

describe('POST /api/v1/organizations', () => {
  it('creates an organisation with the caller as its only member, an owner', async () => {
    const user = await signUp();
    const res = await app.json<{ id: string; name: string; role: string; created_at: string }>(
      '/api/v1/organizations',
      as(user.jwt, { body: { name: '  Acme Fraud Team  ' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Acme Fraud Team', role: 'owner' });
    const members = await serviceDb()
      .from('organization_members')
      .select('user_id, role')
      .eq('organization_id', res.body.id);
    expect(members.data).toEqual([{ user_id: user.id, role: 'owner' }]);
    // The new membership counts at once: the next request may name it.
    const analysed = await app.fetch(
      '/analyze/text',
      as(user.jwt, { body: { transcript: 'hello there' }, headers: { 'x-orgid': res.body.id } }),
    );
    expect(analysed.status).toBe(200);
  });

  it.each([
    [{}, 'no name'],
    [{ name: '   ' }, 'a blank name'],
    [{ name: 'x'.repeat(201) }, 'a name over 200 characters'],
    [{ name: 42 }, 'a name that is not text'],
  ])('refuses %o (%s) with 400', async (body, _why) => {
    const user = await signUp();
    const res = await app.json<{ error: { code: string } }>(
      '/api/v1/organizations',
      as(user.jwt, { body }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/v1/organizations and /api/v1/me', () => {
  it("list the user's organisations with their role in each, oldest first", async () => {
    const user = await signUp();
    const first = await app.json<{ id: string }>(
      '/api/v1/organizations',
      as(user.jwt, { body: { name: 'First' } }),
    );
    const other = await signUp();
    const second = await app.json<{ id: string }>(
      '/api/v1/organizations',
      as(other.jwt, { body: { name: 'Second' } }),
    );
    await join(app, { inviter: other.jwt, org: second.body.id, user, role: 'reviewer' });
    const listed = await app.json<{ organizations: { id: string; name: string; role: string }[] }>(
      '/api/v1/organizations',
      as(user.jwt),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.organizations.map(({ id, name, role }) => ({ id, name, role }))).toEqual([
      { id: first.body.id, name: 'First', role: 'owner' },
      { id: second.body.id, name: 'Second', role: 'reviewer' },
    ]);
    const me = await app.json<Record<string, unknown>>('/api/v1/me', as(user.jwt));
    expect(me.body).toMatchObject({
      kind: 'user',
      user: { id: user.id, email: user.email },
      api_key: null,
    });
    expect(me.body.organizations).toEqual(listed.body.organizations);
  });

  it('shows a user in no organisation an empty list', async () => {
    const user = await signUp();
    const me = await app.json<{ organizations: unknown[] }>('/api/v1/me', as(user.jwt));
    expect(me.status).toBe(200);
    expect(me.body.organizations).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBERSHIP_CACHE_TTL_MS } from '../../../worker/services/auth/authenticator';
import {
  as,
  FakeClock,
  join,
  makeOrg,
  signUp,
  type TestOrg,
  type TestUser,
  testApp,
} from '../workerd/harness';

/**
 * The membership cache and admin powers (issue #21, item 3). Each isolate caches a user's
 * memberships for MEMBERSHIP_CACHE_TTL_MS; the isolate that changes a membership forgets it,
 * the others don't know. What an admin may do must never ride on such a stale entry: admin
 * routes read the membership again, uncached. The caches' clock is a fake the test moves.
 */

/** Where the owner changes memberships. */
const here = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(here, 'Membership cache');
});

const number = () => `+1500${Math.floor(1e6 + Math.random() * 8e6)}`;
const twilio = () => ({
  account_sid: `AC${crypto.randomUUID().replaceAll('-', '')}`,
  auth_token: 'cd'.repeat(16),
  phone_numbers: [number()],
});

/** A fresh admin of the organisation, and another isolate (its own caches, a fake clock). */
async function adminElsewhere(): Promise<{
  admin: TestUser;
  elsewhere: ReturnType<typeof testApp>;
  clock: FakeClock;
}> {
  const admin = await signUp();
  await join(here, { inviter: org.members.owner.jwt, org: org.id, user: admin, role: 'admin' });
  const clock = new FakeClock();
  const elsewhere = testApp({ AUTH_MODE: 'on' }, { clock });
  return { admin, elsewhere, clock };
}

describe('an admin removed in another isolate', () => {
  it('cannot change or disconnect the Twilio integration, though its cache still says admin', async () => {
    const { admin, elsewhere } = await adminElsewhere();
    // The admin's memberships are now cached in the other isolate.
    const first = await elsewhere.json(
      '/api/v1/integrations/twilio',
      as(admin.jwt, { method: 'PUT', body: twilio() }),
    );
    expect(first.status).toBe(200);

    const removed = await here.fetch(
      `/api/v1/members/${admin.id}`,
      as(org.members.owner.jwt, { method: 'DELETE' }),
    );
    expect(removed.status).toBe(204);

    // A member's read still rides the other isolate's cache (row-level security shows nothing
    // of the organisation meanwhile): that window is the cache's, MEMBERSHIP_CACHE_TTL_MS.
    const cached = await elsewhere.json<{ members: unknown[] }>('/api/v1/members', as(admin.jwt));
    expect(cached).toMatchObject({ status: 200, body: { members: [] } });

    // Admin powers never do: the membership is read again, and refused.
    const put = await elsewhere.json<{ error: { code: string } }>(
      '/api/v1/integrations/twilio',
      as(admin.jwt, { method: 'PUT', body: twilio() }),
    );
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('FORBIDDEN');
    const disconnect = await elsewhere.fetch(
      '/api/v1/integrations/twilio',
      as(admin.jwt, { method: 'DELETE' }),
    );
    expect(disconnect.status).toBe(403);
    // The integration is still the one the admin set before being removed.
    const kept = await here.json<{ account_sid: string }>(
      '/api/v1/integrations/twilio',
      as(org.members.owner.jwt),
    );
    expect(kept.body.account_sid).toBe(first.body.account_sid);
    // That fresh read refilled the isolate's cache: reads are refused now too.
    expect((await elsewhere.fetch('/api/v1/members', as(admin.jwt))).status).toBe(403);
  });

  it('keeps a read for at most the TTL on the fake clock, then reads the membership again', async () => {
    const { admin, elsewhere, clock } = await adminElsewhere();
    expect((await elsewhere.fetch('/api/v1/members', as(admin.jwt))).status).toBe(200);
    const removed = await here.fetch(
      `/api/v1/members/${admin.id}`,
      as(org.members.owner.jwt, { method: 'DELETE' }),
    );
    expect(removed.status).toBe(204);
    clock.advance(MEMBERSHIP_CACHE_TTL_MS - 1);
    expect((await elsewhere.fetch('/api/v1/members', as(admin.jwt))).status).toBe(200);
    clock.advance(1);
    expect((await elsewhere.fetch('/api/v1/members', as(admin.jwt))).status).toBe(403);
  });
});

describe('an admin demoted to viewer in another isolate', () => {
  it('is refused every admin route at once', async () => {
    const { admin, elsewhere } = await adminElsewhere();
    expect((await elsewhere.fetch('/api/v1/members', as(admin.jwt))).status).toBe(200);

    const demoted = await here.fetch(
      `/api/v1/members/${admin.id}`,
      as(org.members.owner.jwt, { method: 'PATCH', body: { role: 'viewer' } }),
    );
    expect(demoted.status).toBe(200);

    const analysis = crypto.randomUUID();
    const adminRoutes: [string, string, unknown?][] = [
      ['PUT', '/api/v1/integrations/twilio', twilio()],
      ['DELETE', '/api/v1/integrations/twilio'],
      [
        'POST',
        '/api/v1/integrations',
        { url: 'https://hooks.example.com/x', events: ['call.alert'] },
      ],
      ['GET', '/api/v1/integrations'],
      ['POST', '/api/v1/api-keys', { name: 'stale' }],
      ['POST', '/api/v1/members', { user_id: crypto.randomUUID(), role: 'viewer' }],
      ['PATCH', `/api/v1/members/${org.members.viewer.id}`, { role: 'analyst' }],
      ['DELETE', `/api/v1/members/${org.members.viewer.id}`],
      ['PUT', '/api/v1/alert-levels', { review: 0.2, alert: 0.5, hard_alert: 0.8 }],
      ['DELETE', '/api/v1/alert-levels'],
      ['DELETE', `/api/v1/analyses/${analysis}`],
      ['POST', `/api/v1/analyses/${analysis}/assign`, { user_id: null }],
    ];
    for (const [method, path, body] of adminRoutes) {
      const res = await elsewhere.json<{ error: { message: string } }>(
        path,
        as(admin.jwt, { method, body }),
      );
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message, `${method} ${path}`).toMatch(/you are viewer/);
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '#core/schemas/webhook-events';
import { as, eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { Endpoint, succeeded, verified } from '../workerd/receivers';

/**
 * `/api/v1/integrations` end to end: admins manage endpoints, the secret is shown once, test
 * events and redeliveries go through the real queue to a real loopback receiver, and every
 * delivery verifies with the `standardwebhooks` package.
 */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(app, 'Integrations API');
});

interface Integration {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  secret?: string;
}

const admin = () => org.members.admin.jwt;

async function create(body: Record<string, unknown>, jwt = admin(), target = app) {
  return target.json<Integration & { secret: string }>(
    '/api/v1/integrations',
    as(jwt, { body: { events: ['call.alert'], ...body } }),
  );
}

async function created(endpoint: Endpoint, events: string[] = ['call.alert']) {
  const res = await create({ url: endpoint.url, events, description: 'tests' });
  expect(res.status).toBe(201);
  return res.body;
}

describe('creating an integration', () => {
  it('returns the signing secret once; lists and reads never show it', async () => {
    const endpoint = new Endpoint();
    const res = await create({ url: endpoint.url, events: ['call.alert', 'call.ended'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: endpoint.url, enabled: true, disabled_reason: null });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await serviceDb().from('integrations').select('secret').eq('id', res.body.id);
    expect(stored.data?.[0]?.secret).toBe(res.body.secret);
    const list = await app.json<{ integrations: Integration[] }>(
      '/api/v1/integrations',
      as(admin()),
    );
    expect(list.body.integrations.map((i) => i.id)).toContain(res.body.id);
    const one = await app.json(`/api/v1/integrations/${res.body.id}`, as(org.members.owner.jwt));
    expect(one.status).toBe(200);
    for (const body of [JSON.stringify(list.body), JSON.stringify(one.body)])
      expect(body).not.toContain(res.body.secret);
  });

  it.each([
    [{ events: [] }, /at least one/],
    [{ events: ['call.alert', 'call.alert'] }, /once/],
    [{ events: ['call.started'] }, /events/],
    [{ description: 'x'.repeat(501) }, /description/],
    [{ url: 'http://u:p@127.0.0.1/' }, /credentials/],
    [{ url: 'nope' }, /not a URL/],
  ])('refuses %o with 400', async (body, message) => {
    const res = await create({ url: new Endpoint().url, ...body });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('refuses http, loopback, private and local names unless local URLs are allowed', async () => {
    const strict = testApp({ AUTH_MODE: 'on', WEBHOOK_ALLOW_LOCAL_URLS: 'false' });
    for (const [url, reason] of [
      ['http://hooks.example.com/', /https/],
      ['https://127.0.0.1:9/', /loopback/],
      ['https://[::1]/', /loopback/],
      ['https://10.0.0.8/', /private/],
      ['https://169.254.169.254/', /link-local/],
      ['https://localhost/', /local/],
      ['https://queue.internal/', /local/],
    ] as const) {
      const res = await create({ url }, admin(), strict);
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(reason);
    }
    expect((await create({ url: 'https://hooks.example.com/cs' }, admin(), strict)).status).toBe(
      201,
    );
  });

  it('refuses IPv6 literals that carry a private IPv4 address, in every embedding', async () => {
    const strict = testApp({ AUTH_MODE: 'on', WEBHOOK_ALLOW_LOCAL_URLS: 'false' });
    for (const url of [
      'https://[::ffff:0:10.0.0.1]/', // IPv4-translated (SIIT)
      'https://[::ffff:0:127.0.0.1]/',
      'https://[::10.0.0.1]/', // IPv4-compatible
      'https://[64:ff9b:1::a00:1]/', // local-use NAT64 (RFC 8215)
      'https://[64:ff9b::10.0.0.1]/', // well-known NAT64
      'https://[2002:a00:1::1]/', // 6to4 of 10.0.0.1
      'https://[2002:7f00:1::1]/', // 6to4 of 127.0.0.1
      'https://[2002:a9fe:a9fe::1]/', // 6to4 of 169.254.169.254
      'https://[2001:0:a00:1::1]/', // Teredo, server 10.0.0.1
      'https://[2001:0:4136:e378:8000:0:3f57:fefe]/', // Teredo, client 192.168.1.1
      'https://[2606:4700::5efe:a00:1]/', // ISATAP interface id, 10.0.0.1
      'https://[2606:4700::200:5efe:c0a8:101]/', // ISATAP (universal), 192.168.1.1
    ]) {
      const res = await create({ url }, admin(), strict);
      expect(res.status, url).toBe(400);
      expect(JSON.stringify(res.body), url).toMatch(/loopback, private, link-local or reserved/);
    }
    // A public address inside 6to4 is as public as the address itself.
    expect((await create({ url: 'https://[2002:5db8:d822::1]/' }, admin(), strict)).status).toBe(
      201,
    );
  });

  it('allows at most 25 per organisation', async () => {
    const small = await makeOrg(app, 'Many integrations');
    const results: number[] = [];
    for (let i = 0; i < 26; i++)
      results.push(
        (await create({ url: `https://h${i}.example.com/` }, small.members.owner.jwt)).status,
      );
    expect(results.slice(0, 25).every((s) => s === 201)).toBe(true);
    expect(results[25]).toBe(409);
  });
});

describe('who may manage integrations', () => {
  it('admins and owners only, signed in', async () => {
    const url = new Endpoint().url;
    for (const role of ['viewer', 'analyst', 'reviewer'] as const)
      expect((await create({ url }, org.members[role].jwt)).status, role).toBe(403);
    expect((await create({ url }, org.key)).status).toBe(403);
    expect((await app.json('/api/v1/integrations', as(org.key))).status).toBe(403);
    expect((await app.json('/api/v1/integrations', as(null))).status).toBe(401);
  });

  it("never shows or touches another organisation's integration", async () => {
    const mine = await created(new Endpoint());
    const other = await makeOrg(app, 'Nosy');
    const jwt = other.members.owner.jwt;
    const id = mine.id;
    const tries: [string, RequestInit][] = [
      [`/api/v1/integrations/${id}`, as(jwt)],
      [`/api/v1/integrations/${id}`, as(jwt, { method: 'PATCH', body: { enabled: false } })],
      [`/api/v1/integrations/${id}`, as(jwt, { method: 'DELETE' })],
      [`/api/v1/integrations/${id}/rotate-secret`, as(jwt, { method: 'POST' })],
      [`/api/v1/integrations/${id}/test`, as(jwt, { method: 'POST' })],
      [`/api/v1/integrations/${id}/deliveries`, as(jwt)],
    ];
    for (const [path, init] of tries) expect((await app.json(path, init)).status, path).toBe(404);
    const forged = await app.json(
      '/api/v1/integrations',
      as(jwt, { headers: { 'x-orgid': org.id } }),
    );
    expect(forged.status).toBe(403);
    expect((await app.json(`/api/v1/integrations/${id}`, as(admin()))).status).toBe(200);
  });
});

describe('changing an integration', () => {
  it('disables and enables it, saying who disabled it', async () => {
    const integration = await created(new Endpoint());
    const path = `/api/v1/integrations/${integration.id}`;
    const off = await app.json<Integration>(
      path,
      as(admin(), { method: 'PATCH', body: { enabled: false } }),
    );
    expect(off.body).toMatchObject({ enabled: false, disabled_reason: 'disabled by an admin' });
    const test = await app.json(`${path}/test`, as(admin(), { method: 'POST' }));
    expect(test.status).toBe(409);
    const on = await app.json<Integration>(
      path,
      as(admin(), { method: 'PATCH', body: { enabled: true } }),
    );
    expect(on.body).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it('changes url, events and description, checking the url again', async () => {
    const integration = await created(new Endpoint());
    const path = `/api/v1/integrations/${integration.id}`;
    const next = new Endpoint().url;
    const res = await app.json<Integration>(
      path,
      as(admin(), {
        method: 'PATCH',
        body: { url: next, events: ['call.ended'], description: 'x' },
      }),
    );
    expect(res.body).toMatchObject({ url: next, events: ['call.ended'], description: 'x' });
    expect((await app.json(path, as(admin(), { method: 'PATCH', body: {} }))).status).toBe(400);
    const bad = await app.json(
      path,
      as(admin(), { method: 'PATCH', body: { url: 'ftp://x.example/' } }),
    );
    expect(bad.status).toBe(400);
  });

  it('deletes it with its log', async () => {
    const integration = await created(new Endpoint());
    const path = `/api/v1/integrations/${integration.id}`;
    expect((await app.fetch(path, as(admin(), { method: 'DELETE' }))).status).toBe(204);
    expect((await app.json(path, as(admin()))).status).toBe(404);
    expect((await app.fetch(path, as(admin(), { method: 'DELETE' }))).status).toBe(404);
  });
});

describe('test events and the delivery log', () => {
  it('delivers a signed example event and logs the attempt', async () => {
    const endpoint = new Endpoint();
    const integration = await created(endpoint, ['call.ended', 'call.alert']);
    const path = `/api/v1/integrations/${integration.id}`;
    const queued = await app.json<{ event_id: string; delivery_id: string }>(
      `${path}/test`,
      as(admin(), { method: 'POST' }),
    );
    expect(queued.status).toBe(202);
    const [request] = await endpoint.delivered(1);
    const event = verified(request!, integration.secret ?? '');
    expect(event).toMatchObject({
      id: queued.body.event_id,
      type: 'call.ended',
      test: true,
      organization_id: org.id,
    });
    const detail = await eventually(async () => {
      const res = await app.json<{
        status: string;
        attempts: Record<string, unknown>[];
        event: { body: string };
      }>(`${path}/deliveries/${queued.body.delivery_id}`, as(admin()));
      return res.body.status === 'succeeded' ? res.body : undefined;
    });
    expect(detail?.event.body).toBe(request?.body);
    expect(detail?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 200, outcome: 'succeeded', error: null }),
    ]);
    expect(detail?.attempts[0]?.response_excerpt).toBe('ok');
  });

  it('sends the example of the type asked for, and pages the log', async () => {
    const endpoint = new Endpoint();
    const integration = await created(endpoint, [...WEBHOOK_EVENT_TYPES]);
    const path = `/api/v1/integrations/${integration.id}`;
    for (const event_type of ['review.submitted', 'analysis.completed'])
      await app.json(`${path}/test`, as(admin(), { body: { event_type } }));
    const types = (await endpoint.delivered(2)).map(
      (r) => verified(r, integration.secret ?? '').type,
    );
    expect(types.sort()).toEqual(['analysis.completed', 'review.submitted']);
    const first = await app.json<{ deliveries: { id: string }[]; next_cursor: string | null }>(
      `${path}/deliveries?limit=1`,
      as(admin()),
    );
    expect(first.body.deliveries).toHaveLength(1);
    expect(first.body.next_cursor).toBeTruthy();
    const second = await app.json<{ deliveries: { id: string }[]; next_cursor: string | null }>(
      `${path}/deliveries?limit=1&cursor=${first.body.next_cursor}`,
      as(admin()),
    );
    expect(second.body.deliveries).toHaveLength(1);
    // Two deliveries: the second page is the last, so no cursor leads to an empty one.
    expect(second.body.next_cursor).toBeNull();
    expect(second.body.deliveries[0]?.id).not.toBe(first.body.deliveries[0]?.id);
    expect((await app.json(`${path}/deliveries?cursor=junk`, as(admin()))).status).toBe(400);
  });

  it('redelivers the same event, with the same id, on a fresh schedule', async () => {
    const endpoint = new Endpoint();
    const integration = await created(endpoint);
    const path = `/api/v1/integrations/${integration.id}`;
    await endpoint.mode({ kind: 'status', status: 400, times: 1 });
    const queued = await app.json<{ event_id: string; delivery_id: string }>(
      `${path}/test`,
      as(admin(), { method: 'POST' }),
    );
    const failed = await eventually(async () => {
      const res = await app.json<{ status: string; last_status_code: number }>(
        `${path}/deliveries/${queued.body.delivery_id}`,
        as(admin()),
      );
      return res.body.status === 'failed' ? res.body : undefined;
    });
    expect(failed).toMatchObject({ last_status_code: 400 });
    const again = await app.json(
      `${path}/deliveries/${queued.body.delivery_id}/redeliver`,
      as(admin(), { method: 'POST' }),
    );
    expect(again.status).toBe(202);
    const requests = await endpoint.delivered(1);
    expect(requests).toHaveLength(2);
    for (const r of requests)
      expect(verified(r, integration.secret ?? '').id).toBe(queued.body.event_id);
    expect(succeeded(requests)).toHaveLength(1);
  });
});

describe('rotating the signing secret', () => {
  it('signs with both secrets during the grace period, then with the new one alone', async () => {
    const endpoint = new Endpoint();
    const integration = await created(endpoint);
    const path = `/api/v1/integrations/${integration.id}`;
    const old = integration.secret ?? '';
    const rotated = await app.json<{ secret: string; previous_secret_expires_at: string }>(
      `${path}/rotate-secret`,
      as(admin(), { body: { grace_period_seconds: 3600 } }),
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(old);
    expect(Date.parse(rotated.body.previous_secret_expires_at)).toBeGreaterThan(Date.now());
    await app.json(`${path}/test`, as(admin(), { method: 'POST' }));
    const [during] = await endpoint.delivered(1);
    expect(during?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    verified(during!, old, rotated.body.secret);

    const now = await app.json<{ secret: string; previous_secret_expires_at: null }>(
      `${path}/rotate-secret`,
      as(admin(), { body: { grace_period_seconds: 0 } }),
    );
    expect(now.body.previous_secret_expires_at).toBeNull();
    await app.json(`${path}/test`, as(admin(), { method: 'POST' }));
    const after = (await endpoint.delivered(2))[1]!;
    expect(after.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    verified(after, now.body.secret);
    expect(() => verified(after, rotated.body.secret)).toThrow();
  });
});

describe('alert levels', () => {
  it('default to the verdict thresholds; admins set their own; members read them', async () => {
    const own = await makeOrg(app, 'Levels');
    const read = () => app.json('/api/v1/alert-levels', as(own.members.viewer.jwt));
    expect((await read()).body).toEqual({
      review: 0.3,
      alert: 0.6,
      hard_alert: 0.85,
      custom: false,
    });
    const levels = { review: 0.2, alert: 0.5, hard_alert: 0.9 };
    const put = (jwt: string, body: unknown) =>
      app.json('/api/v1/alert-levels', as(jwt, { method: 'PUT', body }));
    expect((await put(own.members.analyst.jwt, levels)).status).toBe(403);
    expect((await put(own.members.admin.jwt, { ...levels, alert: 0.1 })).status).toBe(400);
    expect((await put(own.members.admin.jwt, { ...levels, hard_alert: 1.5 })).status).toBe(400);
    expect((await put(own.members.admin.jwt, levels)).body).toEqual({ ...levels, custom: true });
    expect((await read()).body).toEqual({ ...levels, custom: true });
    expect((await app.json('/api/v1/alert-levels', as(own.key))).body).toEqual({
      ...levels,
      custom: true,
    });
    const reset = await app.json(
      '/api/v1/alert-levels',
      as(own.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(reset.body).toMatchObject({ custom: false, review: 0.3 });
  });
});

describe('the OpenAPI document', () => {
  it('lists the integration routes and every event under webhooks', async () => {
    const doc = await app.json<{
      paths: Record<string, unknown>;
      webhooks: Record<string, { post: unknown }>;
    }>('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/integrations',
        '/api/v1/integrations/{id}',
        '/api/v1/integrations/{id}/rotate-secret',
        '/api/v1/integrations/{id}/test',
        '/api/v1/integrations/{id}/deliveries',
        '/api/v1/integrations/{id}/deliveries/{delivery_id}/redeliver',
        '/api/v1/alert-levels',
      ]),
    );
    expect(Object.keys(doc.body.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(JSON.stringify(doc.body.webhooks['call.alert'])).toContain('CallAlertEvent');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { as, eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';

/**
 * Organisation B's ids are 404 to organisation A on every route that takes an id, whoever in
 * A asks (its owner, its admin, its key), and B's data is unchanged afterwards.
 */

const app = testApp({ AUTH_MODE: 'on' });
let a: TestOrg;
let b: TestOrg;
let analysisId: string;
let streamId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'Tenant A'), makeOrg(app, 'Tenant B')]);
  const report = await app.json<ScamReport>(
    '/analyze/text',
    as(b.key, { body: { transcript: 'Pay the fine with gift cards now.' } }),
  );
  analysisId = report.body.id;
  await eventually(async () => {
    const row = await serviceDb()
      .from('call_analyses')
      .select('id')
      .eq('id', analysisId.replace('analysis_', ''))
      .maybeSingle();
    return row.data ?? undefined;
  });
  const ticket = await app.json<{ stream_id: string; ticket: string }>(
    '/api/streams/ticket',
    as(b.key, { body: {} }),
  );
  streamId = ticket.body.stream_id;
  const socket = await app.fetch(`/ws/stream?ticket=${encodeURIComponent(ticket.body.ticket)}`, {
    headers: { Upgrade: 'websocket' },
  });
  socket.webSocket?.accept();
  socket.webSocket?.close(1000);
});

describe("organisation B's ids, asked for by organisation A", () => {
  it('are 404 on every route, for every kind of caller in A', async () => {
    const bMember = b.members.analyst.id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/analyses/${analysisId}`],
      ['GET', `/api/streams/${streamId}`],
      ['PATCH', `/api/v1/members/${bMember}`, { role: 'viewer' }],
      ['DELETE', `/api/v1/members/${bMember}`],
      ['DELETE', `/api/v1/api-keys/${b.keyId}`],
    ];
    for (const [method, path, body] of routes) {
      const callers =
        path.startsWith('/api/v1/members') || path.startsWith('/api/v1/api-keys')
          ? [a.members.owner.jwt, a.members.admin.jwt]
          : [a.members.owner.jwt, a.members.viewer.jwt, a.key];
      for (const credential of callers) {
        const res = await app.json<{ error: { code: string } }>(
          path,
          as(credential, { method, body }),
        );
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
    }
  });

  it('leave B unchanged', async () => {
    const members = await app.json<{ members: { user_id: string; role: string }[] }>(
      '/api/v1/members',
      as(b.members.viewer.jwt),
    );
    expect(members.body.members.find((m) => m.user_id === b.members.analyst.id)?.role).toBe(
      'analyst',
    );
    const used = await app.fetch(
      '/analyze/text',
      as(b.key, { body: { transcript: 'still mine' } }),
    );
    expect(used.status).toBe(200);
    expect((await app.fetch(`/api/v1/analyses/${analysisId}`, as(b.key))).status).toBe(200);
    expect((await app.fetch(`/api/streams/${streamId}`, as(b.key))).status).toBe(200);
  });

  it('are not reachable by naming B in x-orgid either (403)', async () => {
    const res = await app.fetch(
      `/api/v1/analyses/${analysisId}`,
      as(a.members.owner.jwt, { headers: { 'x-orgid': b.id } }),
    );
    expect(res.status).toBe(403);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { StreamSocket } from '../../../scripts/lib/stream-socket';
import { issueTicket } from '../../../worker/services/tickets';
import { as, makeOrg, type TestOrg, testApp } from '../workerd/harness';

/** Streams with AUTH_MODE=on: tickets, credentials on the upgrade, and tenancy of streams. */

const TICKET_SECRET = 'ticket-secret-for-tests-0123456789abcdef';
const app = testApp({ AUTH_MODE: 'on', TICKET_SECRET });

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'Streams A'), makeOrg(app, 'Streams B')]);
});

async function openSocket(query: string, headers: Record<string, string> = {}) {
  const res = await app.fetch(`/ws/stream${query}`, {
    headers: { Upgrade: 'websocket', ...headers },
  });
  if (res.status !== 101) return { status: res.status, body: await res.text() };
  const ws = res.webSocket!;
  const socket = new StreamSocket(ws);
  ws.accept();
  const message = (await socket.waitFor(() => true, performance.now() + 10_000))?.message;
  // Refused in band, as CallShield refuses: an error, then the close.
  if (message?.type === 'error')
    return {
      status: 101,
      refused: { code: message.code, close: (await socket.waitClosed()).code },
    };
  if (message?.type !== 'connected') throw new Error(`expected connected, got ${message?.type}`);
  return { status: 101, ws, connected: message };
}

const holder = (org: string) => ({ org, userId: null, apiKeyId: null });

describe('stream tickets', () => {
  it('open a socket once, and are refused the second time', async () => {
    const issued = await app.json<{ ticket: string; stream_id: string }>(
      '/api/streams/ticket',
      as(a.key, { body: {} }),
    );
    expect(issued.status).toBe(200);
    const { ticket, stream_id } = issued.body;
    const first = await openSocket(`?ticket=${ticket}`);
    expect(first.status).toBe(101);
    expect(first.connected?.stream_id).toBe(stream_id);
    first.ws?.close(1000);
    const again = await openSocket(`?ticket=${ticket}`, { 'X-Request-Id': 'trace-ticket-reuse' });
    expect(again.status).toBe(401);
    // The Durable Object refuses in the API's envelope, with the Worker's request id.
    expect(JSON.parse(again.body ?? '')).toEqual({
      error: {
        code: 'UNAUTHORIZED',
        message: 'this ticket has already been used; ask for a new one',
        request_id: 'trace-ticket-reuse',
      },
      detail: 'this ticket has already been used; ask for a new one',
    });
  });

  it('are issued to users with the analyst role, not to viewers', async () => {
    expect(
      (await app.fetch('/api/streams/ticket', as(a.members.analyst.jwt, { body: {} }))).status,
    ).toBe(200);
    expect(
      (await app.fetch('/api/streams/ticket', as(a.members.viewer.jwt, { body: {} }))).status,
    ).toBe(403);
  });

  it('refuse a socket with no credentials (in band, 4001), a forged ticket, or one for another stream', async () => {
    expect((await openSocket('')).refused).toEqual({ code: 'UNAUTHORIZED', close: 4001 });
    const forged = await issueTicket(
      'another-secret-entirely-0123456789abcdef',
      holder(a.id),
      'stream-forged-0001',
    );
    expect((await openSocket(`?ticket=${forged.ticket}`)).status).toBe(401);
    const real = await issueTicket(TICKET_SECRET, holder(a.id), 'stream-real-00001');
    expect((await openSocket(`?ticket=${real.ticket}&stream_id=stream-other-0001`)).status).toBe(
      401,
    );
    expect((await openSocket(`?ticket=${real.ticket.slice(0, -2)}xx`)).status).toBe(401);
  });
});

describe('stream upgrades with credentials', () => {
  it('accept a key or a user token, honour x-orgid only for a member, and refuse viewers', async () => {
    const byKey = await openSocket('', { 'X-API-Key': a.key });
    expect(byKey.status).toBe(101);
    byKey.ws?.close(1000);
    const byUser = await openSocket('', { Authorization: `Bearer ${a.members.analyst.jwt}` });
    expect(byUser.status).toBe(101);
    byUser.ws?.close(1000);
    // Refused in band (CallShield's way): FORBIDDEN, then close 4001.
    const forbidden = { code: 'FORBIDDEN', close: 4001 };
    expect((await openSocket('', { 'X-API-Key': a.key, 'x-orgid': b.id })).refused).toEqual(
      forbidden,
    );
    expect(
      (await openSocket('', { Authorization: `Bearer ${a.members.analyst.jwt}`, 'x-orgid': b.id }))
        .refused,
    ).toEqual(forbidden);
    expect(
      (await openSocket('', { Authorization: `Bearer ${a.members.viewer.jwt}` })).refused,
    ).toEqual(forbidden);
  });
});

describe('streams of another organisation', () => {
  it('are never shown or resumed', async () => {
    const opened = await openSocket('', { 'X-API-Key': a.key });
    const streamId = opened.connected!.stream_id;
    opened.ws?.send(JSON.stringify({ type: 'end_stream' }));
    expect((await app.fetch(`/api/streams/${streamId}`, as(a.key))).status).toBe(200);
    expect((await app.fetch(`/api/streams/${streamId}`, as(a.members.viewer.jwt))).status).toBe(
      200,
    );
    expect((await app.fetch(`/api/streams/${streamId}`, as(b.key))).status).toBe(404);
    expect((await app.fetch(`/api/streams/${streamId}`, as(b.members.owner.jwt))).status).toBe(404);
    expect(
      (await app.fetch('/api/streams/ticket', as(b.key, { body: { stream_id: streamId } }))).status,
    ).toBe(404);
    expect((await openSocket(`?stream_id=${streamId}`, { 'X-API-Key': b.key })).status).toBe(404);
  });

  it("answer exactly as an id that doesn't exist: the socket is no oracle for ids", async () => {
    const opened = await openSocket('', { 'X-API-Key': a.key });
    const aStream = opened.connected!.stream_id;
    opened.ws?.close(1000);
    const answer = async (id: string, headers: Record<string, string>) => {
      const res = await openSocket(`?stream_id=${id}`, headers);
      res.ws?.close(1000);
      const body = res.body
        ? (JSON.parse(res.body) as { error: { code: string; message: string } })
        : null;
      return { status: res.status, code: body?.error.code, message: body?.error.message };
    };
    const credentials: Record<string, string>[] = [
      { 'X-API-Key': b.key },
      { Authorization: `Bearer ${b.members.analyst.jwt}` },
    ];
    for (const headers of credentials) {
      const taken = await answer(aStream, headers);
      const unknown = await answer(crypto.randomUUID(), headers);
      expect(unknown).toEqual(taken);
      expect(taken).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    // A's own id still resumes for A.
    const resumed = await openSocket(`?stream_id=${aStream}`, { 'X-API-Key': a.key });
    expect(resumed.connected).toMatchObject({ type: 'connected', stream_id: aStream });
    resumed.ws?.close(1000);
  });

  it('ignore organisation and user headers a client forges', async () => {
    const opened = await openSocket('', {
      'X-API-Key': b.key,
      'X-Org-Id': a.id,
      'X-User-Id': a.members.owner.id,
    });
    const streamId = opened.connected!.stream_id;
    opened.ws?.close(1000);
    expect((await app.fetch(`/api/streams/${streamId}`, as(a.key))).status).toBe(404);
    expect((await app.fetch(`/api/streams/${streamId}`, as(b.key))).status).toBe(200);
  });
});

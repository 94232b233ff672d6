import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../worker/app';
import { issueTicket } from '../../../worker/services/tickets';

const KEY_A = 'org-a-key-0123456789abcdefghij';
const KEY_B = 'org-b-key-0123456789abcdefghij';
const TICKET_SECRET = 'ticket-secret-for-tests-0123456789abcdef';
/** The Worker's env with auth turned on (a fresh object, so its config is parsed anew). */
const authEnv = {
  ...env,
  AUTH_MODE: 'api_key',
  API_KEYS: `org-a:${KEY_A},org-b:${KEY_B}`,
  TICKET_SECRET,
} as Env;
const app = createApp();

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://edge.test${path}`, init), authEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const json = (key: string | null, body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(key ? { 'X-API-Key': key } : {}) },
  body: JSON.stringify(body),
});

async function openSocket(query: string, headers: Record<string, string> = {}) {
  const res = await send(`/ws/stream${query}`, { headers: { Upgrade: 'websocket', ...headers } });
  if (res.status !== 101) return { status: res.status, body: await res.text() };
  const ws = res.webSocket!;
  ws.accept();
  const first = await new Promise<string>((resolve) =>
    ws.addEventListener('message', (e) => resolve(String(e.data)), { once: true }),
  );
  return { status: 101, ws, connected: JSON.parse(first) as { type: string; stream_id: string } };
}

describe('auth on (AUTH_MODE=api_key)', () => {
  it('requires an API key on analysis routes and accepts X-API-Key or Bearer', async () => {
    expect((await send('/analyze/text', json(null, { transcript: 'hi there' }))).status).toBe(401);
    expect(
      (
        await send(
          '/analyze/text',
          json('wrong-key-0123456789abcdefgh', { transcript: 'hi there' }),
        )
      ).status,
    ).toBe(401);
    expect((await send('/analyze/text', json(KEY_A, { transcript: 'hi there' }))).status).toBe(200);
    const bearer = await send('/api/analyze/transcript', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY_B}` },
      body: JSON.stringify({ transcript: 'hi there' }),
    });
    expect(bearer.status).toBe(200);
  });

  it('keeps health and docs open', async () => {
    expect((await send('/api/health')).status).toBe(200);
    expect((await send('/openapi.json')).status).toBe(200);
  });

  it('opens a socket with a one-time ticket, and refuses the same ticket twice', async () => {
    const issued = await send('/api/streams/ticket', json(KEY_A, {}));
    expect(issued.status).toBe(200);
    const { ticket, stream_id } = (await issued.json()) as { ticket: string; stream_id: string };
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

  it('refuses a socket with no credentials, a forged ticket, or a ticket for another stream', async () => {
    expect((await openSocket('')).status).toBe(401);
    const forged = await issueTicket(
      'another-secret-entirely-0123456789abcdef',
      'org-a',
      'stream-forged-0001',
    );
    expect((await openSocket(`?ticket=${forged.ticket}`)).status).toBe(401);
    const real = await issueTicket(TICKET_SECRET, 'org-a', 'stream-real-00001');
    expect((await openSocket(`?ticket=${real.ticket}&stream_id=stream-other-0001`)).status).toBe(
      401,
    );
    expect((await openSocket(`?ticket=${real.ticket.slice(0, -2)}xx`)).status).toBe(401);
  });

  it("never shows or resumes another organisation's stream", async () => {
    const a = await openSocket('', { 'X-API-Key': KEY_A });
    const streamId = a.connected!.stream_id;
    a.ws?.send(JSON.stringify({ type: 'end_stream' }));
    expect(
      (await send(`/api/streams/${streamId}`, { headers: { 'X-API-Key': KEY_A } })).status,
    ).toBe(200);
    expect(
      (await send(`/api/streams/${streamId}`, { headers: { 'X-API-Key': KEY_B } })).status,
    ).toBe(404);
    expect((await send('/api/streams/ticket', json(KEY_B, { stream_id: streamId }))).status).toBe(
      404,
    );
    expect((await openSocket(`?stream_id=${streamId}`, { 'X-API-Key': KEY_B })).status).toBe(404);
  });

  it('ignores organisation headers a client forges', async () => {
    const b = await openSocket('', { 'X-API-Key': KEY_B, 'X-Org-Id': 'org-a' });
    const streamId = b.connected!.stream_id;
    b.ws?.close(1000);
    expect(
      (await send(`/api/streams/${streamId}`, { headers: { 'X-API-Key': KEY_A } })).status,
    ).toBe(404);
    expect(
      (await send(`/api/streams/${streamId}`, { headers: { 'X-API-Key': KEY_B } })).status,
    ).toBe(200);
  });
});

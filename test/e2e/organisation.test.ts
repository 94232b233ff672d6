/**
 * What `npm start` prints, against the real local stack (wrangler dev with its local queue,
 * real Postgres and PostgREST): the dev API key and user JWT work, and every kind of analysis
 * (text, audio, a stream) becomes a stored row of the caller's organisation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { openStreamSocket } from '../../scripts/lib/stream-socket';
import { type Scratch, scratch, speak } from '../fixtures/media';

const base = inject('workerUrl');
const dev = inject('devCredentials');
const SCAM =
  'This is the IRS. A warrant will be issued for your arrest today unless you pay with Google Play gift cards.';

let s: Scratch;
beforeAll(async () => {
  s = await scratch();
});
afterAll(async () => {
  await s?.cleanup();
});

const withKey = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'X-API-Key': dev.api_key },
});

async function analyseText(headers: Record<string, string> = {}): Promise<ScamReport> {
  const res = await fetch(`${base}/analyze/text`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ transcript: SCAM }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ScamReport;
}

/** The stored analysis once the queue has written it (polled, at most about 60 s). */
async function storedAnalysis(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${base}/api/v1/analyses/${id}`, withKey());
    if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`analysis ${id} was never stored`);
}

describe('the credentials npm start prints', () => {
  it('API key: works on /analyze/text and /api/v1/me', async () => {
    await analyseText({ 'X-API-Key': dev.api_key });
    const me = await fetch(`${base}/api/v1/me`, withKey());
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'api_key',
      organizations: [{ id: dev.org_id, name: 'Dev organisation', role: 'analyst' }],
    });
  });

  it('user JWT: works on /api/v1/me as the owner of the dev organisation', async () => {
    const me = await fetch(`${base}/api/v1/me`, {
      headers: { Authorization: `Bearer ${dev.user_jwt}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'user',
      user: { id: dev.user_id, email: dev.user_email },
      organizations: [{ id: dev.org_id, role: 'owner' }],
    });
  });

  it('wrong credentials are refused even with auth off', async () => {
    const res = await fetch(`${base}/analyze/text`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': `${dev.api_key.slice(0, -2)}xx` },
      body: JSON.stringify({ transcript: SCAM }),
    });
    // A CallShield path: a key it does not accept is 403 invalid_api_key, as CallShield says.
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ detail: { error: 'invalid_api_key' } });
  });
});

describe('every analysis is kept', () => {
  it('text, with the key that ran it', async () => {
    const report = await analyseText({ 'X-API-Key': dev.api_key });
    const row = await storedAnalysis(report.id);
    expect(row).toMatchObject({ organization_id: dev.org_id, source: 'text', transcript: SCAM });
    expect(row.result).toEqual(report);
  });

  it('text from the open caller (auth off), in the dev organisation', async () => {
    const report = await analyseText();
    expect(await storedAnalysis(report.id)).toMatchObject({
      organization_id: dev.org_id,
      api_key_id: null,
      created_by: null,
    });
  });

  it('audio', async () => {
    await speak(SCAM, s.path('scam.wav'));
    const form = new FormData();
    form.append(
      'file',
      new File([new Uint8Array(await s.read('scam.wav'))], 'scam.wav', { type: 'audio/wav' }),
    );
    const res = await fetch(`${base}/analyze/audio`, withKey({ method: 'POST', body: form }));
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScamReport;
    expect(await storedAnalysis(report.id)).toMatchObject({
      source: 'audio',
      file_name: 'scam.wav',
      transcript: report.transcript,
    });
  });

  it('a stream, when it ends (opened with a ticket issued to the key)', async () => {
    const ticket = await fetch(
      `${base}/api/streams/ticket`,
      withKey({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    );
    const { ws_path, stream_id } = (await ticket.json()) as { ws_path: string; stream_id: string };
    const socket = await openStreamSocket(`${base.replace(/^http/, 'ws')}${ws_path}`, 15_000);
    socket.send(JSON.stringify({ type: 'end_stream' }));
    const final = await socket.waitFor(
      (m) => m.type === 'final_result',
      performance.now() + 60_000,
    );
    expect(final).not.toBeNull();
    const me = (await (await fetch(`${base}/api/v1/me`, withKey())).json()) as {
      api_key: { id: string };
    };
    expect(await storedAnalysis(stream_id)).toMatchObject({
      source: 'stream',
      organization_id: dev.org_id,
      api_key_id: me.api_key.id,
      metadata: { stream_id, reason: 'end_stream', total_chunks: 0 },
    });
  });
});

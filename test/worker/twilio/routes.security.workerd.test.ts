import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { callSessionName } from '../../../durable-objects/call-session/contract';
import { SIGNATURE_HEADER, twilioSignature } from '../../../worker/twilio/signature';
import { socketOrigin } from '../../../worker/twilio/twiml';
import { mediaPath } from '../../../worker/twilio/voice-route';
import { as, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';

/**
 * The Twilio routes' refusals and the Twilio integration API inside workerd, against the real
 * local Supabase, and one signed socket whose `start` is refused. (Whole calls are placed by
 * the simulator, with the official `twilio` package, in test/e2e/twilio.test.ts.)
 */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
let other: TestOrg;
/** Numbers of their own, so reruns and other files never collide. */
const number = () => `+1500${Math.floor(1e6 + Math.random() * 8e6)}`;
const ours = number();
const token = 'ab'.repeat(16);
const sid = (prefix: string) => `${prefix}${crypto.randomUUID().replaceAll('-', '')}`;

beforeAll(async () => {
  org = await makeOrg(app, 'Twilio');
  other = await makeOrg(app, 'Twilio other');
});

const put = (jwt: string, body: Record<string, unknown>) =>
  app.json('/api/v1/integrations/twilio', as(jwt, { method: 'PUT', body }));
const integration = (numbers = [ours]) => ({
  account_sid: sid('AC'),
  auth_token: token,
  phone_numbers: numbers,
});

describe('the Twilio integration API', () => {
  it('stores the auth token sealed, and never shows it again', async () => {
    const res = await put(org.members.admin.jwt, { ...integration(), mode: 'connect' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      phone_numbers: [ours],
      mode: 'connect',
      warning_level: 'hard_alert',
    });
    const read = await app.json('/api/v1/integrations/twilio', as(org.members.owner.jwt));
    expect(read.status).toBe(200);
    for (const body of [res.body, read.body]) expect(JSON.stringify(body)).not.toContain(token);
    const stored = await serviceDb()
      .from('twilio_integrations')
      .select('auth_token_sealed')
      .eq('organization_id', org.id);
    const sealed = stored.data?.[0]?.auth_token_sealed as string;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(token);
  });

  it('is for signed-in admins only, and a number belongs to one organisation', async () => {
    expect((await put(org.members.analyst.jwt, integration())).status).toBe(403);
    expect((await put(org.key, integration())).status).toBe(403);
    expect((await put(other.members.owner.jwt, integration([ours]))).status).toBe(409);
    for (const bad of [
      { ...integration(), account_sid: 'AC123' },
      { ...integration(), auth_token: 'short' },
      { ...integration(), phone_numbers: ['5550006'] },
      { ...integration(), phone_numbers: [] },
    ])
      expect((await put(org.members.admin.jwt, bad)).status).toBe(400);
  });

  it('disconnects: 204, then 404', async () => {
    const mine = number();
    expect((await put(other.members.owner.jwt, integration([mine]))).status).toBe(200);
    const del = await app.fetch(
      '/api/v1/integrations/twilio',
      as(other.members.owner.jwt, { method: 'DELETE' }),
    );
    expect(del.status).toBe(204);
    expect(
      (await app.json('/api/v1/integrations/twilio', as(other.members.owner.jwt))).status,
    ).toBe(404);
  });
});

describe('requests that do not come from Twilio', () => {
  const voice = (to: string, headers: Record<string, string> = {}) =>
    app.fetch('/twilio/voice', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({
        CallSid: sid('CA'),
        AccountSid: sid('AC'),
        From: '+15005550001',
        To: to,
      }).toString(),
    });

  it('answers the voice webhook 403 without a valid signature, whatever the number', async () => {
    for (const res of [
      await voice(ours),
      await voice(ours, { 'X-Twilio-Signature': 'Zm9yZ2Vk' }),
      await voice('+15005559999', { 'X-Twilio-Signature': 'Zm9yZ2Vk' }),
      await voice(''),
    ]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses the media upgrade without a signature (403), and a plain GET (426)', async () => {
    const path = `/twilio/media/${org.id}/${sid('CA')}`;
    expect((await app.fetch(path)).status).toBe(426);
    expect((await app.fetch(path, { headers: { Upgrade: 'websocket' } })).status).toBe(403);
    const forged = await app.fetch(path, {
      headers: { Upgrade: 'websocket', 'X-Twilio-Signature': 'Zm9yZ2Vk' },
    });
    expect(forged.status).toBe(403);
    expect(
      (
        await app.fetch(`/twilio/media/not-an-org/${sid('CA')}`, {
          headers: { Upgrade: 'websocket' },
        })
      ).status,
    ).toBe(400);
  });

  it('has no call state for calls it never took', async () => {
    expect((await app.json(`/api/v1/calls/${sid('CA')}`, as(org.key))).status).toBe(404);
    expect((await app.json('/api/v1/calls/not-a-call', as(org.key))).status).toBe(400);
  });
});

describe('a signed call whose start token is not ours', () => {
  it('closes the socket (1008) and keeps nothing: no call, no alarm left to finalize it', async () => {
    const caller = await makeOrg(app, 'Twilio refused start');
    const account = integration([number()]);
    expect((await put(caller.members.admin.jwt, account)).status).toBe(200);
    const callSid = sid('CA');
    const path = mediaPath(caller.id, callSid);
    const url = `${socketOrigin(app.services.config.publicBaseUrl)}${path}`;
    const res = await app.fetch(path, {
      headers: { Upgrade: 'websocket', [SIGNATURE_HEADER]: await twilioSignature(token, url, []) },
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    ws.accept();
    const closed = new Promise<number>((resolve) => {
      ws.addEventListener('close', (event) => resolve(event.code));
      setTimeout(() => resolve(-1), 10_000);
    });
    ws.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid: sid('MZ'),
        start: {
          streamSid: sid('MZ'),
          accountSid: account.account_sid,
          callSid,
          tracks: ['inbound'],
          customParameters: { org: caller.id, token: 'not-a-token-we-signed' },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      }),
    );
    expect(await closed).toBe(1008);
    // Without a scheduled alarm the call is never finalized: no final, no row, no call.ended.
    const session = env.CALL_SESSION.getByName(callSessionName(callSid));
    expect(await runDurableObjectAlarm(session)).toBe(false);
    expect((await app.json(`/api/v1/calls/${callSid}`, as(caller.key))).status).toBe(404);
  });
});

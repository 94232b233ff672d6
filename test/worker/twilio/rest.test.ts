import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCall } from '../../../worker/twilio/rest';
import { sayTwiml } from '../../../worker/twilio/twiml';
import { TwilioRestServer } from '../../fixtures/twilio-rest-server';

const account = { sid: `AC${'ab'.repeat(16)}`, token: 'cd'.repeat(16) };
const CALL = `CA${'01'.repeat(16)}`;
// An ephemeral port: the e2e stack's stand-in has RECEIVER_PORTS.twilioRest.
const server = new TwilioRestServer(0, account);

/** The real twilio client, pointed at the loopback server through its request-client hook. */
class LoopbackClient extends twilio.RequestClient {
  override request<T>(opts: Parameters<twilio.RequestClient['request']>[0]) {
    opts.uri = opts.uri.replace(/^https:\/\/api\.twilio\.com/, server.url);
    return super.request<T>(opts as Parameters<twilio.RequestClient['request']>[0] & { data: T });
  }
}

beforeAll(() => server.start());
afterAll(() => server.stop());

describe("Twilio's REST API: updating a live call", () => {
  it('the loopback server speaks what the official client sends and reads', async () => {
    const client = twilio(account.sid, account.token, { httpClient: new LoopbackClient() });
    const call = await client.calls(CALL).update({ twiml: sayTwiml('Hello from the client') });
    expect(call.sid).toBe(CALL);
    expect(call.status).toBe('in-progress');
    expect(server.updates.at(-1)).toEqual({
      accountSid: account.sid,
      callSid: CALL,
      form: { Twiml: sayTwiml('Hello from the client') },
    });
    // Its errors are Twilio's: the client turns them into a RestException.
    const wrong = twilio(account.sid, 'ef'.repeat(16), { httpClient: new LoopbackClient() });
    await expect(wrong.calls(CALL).update({ twiml: '<Response/>' })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });

  it('our update is the same request the official client makes', async () => {
    const twiml = sayTwiml('Warning. This call shows signs of a scam.');
    const status = await updateCall({
      baseUrl: server.url,
      accountSid: account.sid,
      authToken: account.token,
      callSid: CALL,
      twiml,
    });
    expect(status).toBe(200);
    expect(server.updates.at(-1)).toEqual({
      accountSid: account.sid,
      callSid: CALL,
      form: { Twiml: twiml },
    });
  });

  it('reports a refused or unreachable update without throwing', async () => {
    const base = { accountSid: account.sid, callSid: CALL, twiml: '<Response/>' };
    expect(await updateCall({ ...base, baseUrl: server.url, authToken: 'ef'.repeat(16) })).toBe(
      401,
    );
    // Nothing listens on port 9 of loopback.
    expect(
      await updateCall({ ...base, baseUrl: 'http://127.0.0.1:9', authToken: account.token }),
    ).toBe(0);
  });
});

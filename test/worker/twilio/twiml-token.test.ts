import { describe, expect, it } from 'vitest';
import { TWILIO_STREAM_TOKEN_TTL_S } from '#core/limits';
import { streamOf } from '../../../scripts/lib/twilio-simulator';
import { openSecret, sealSecret } from '../../../worker/services/secret-box';
import { issueStreamToken, verifyStreamToken } from '../../../worker/twilio/stream-token';
import { socketOrigin, streamTwiml } from '../../../worker/twilio/twiml';

const call = {
  org: '0de0de00-0000-4000-8000-000000000002',
  callSid: 'CA0123456789abcdef0123456789abcdef',
  account: 'AC0123456789abcdef0123456789abcdef',
  from: '+15005550001',
  to: '+15005550006',
  mode: 'connect' as const,
  warn: 'hard_alert' as const,
};
const secret = 'a-ticket-secret-of-at-least-32-characters';

describe('TwiML', () => {
  const base = {
    streamUrl: 'wss://edge.example.com/twilio/media/o/CA1',
    parameters: { org: 'o', token: 'a.b"c<d>&' },
    forwardTo: null,
    message: 'Hello & welcome',
  };

  it('forks the caller track with <Start><Stream> and goes on to <Dial> or a message', () => {
    const dial = streamTwiml({ ...base, mode: 'start', forwardTo: '+15005550009' });
    expect(dial).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Start><Stream url="wss:\/\/edge.example.com\/twilio\/media\/o\/CA1" track="inbound_track">/,
    );
    expect(dial).toContain('</Stream></Start><Dial>+15005550009</Dial></Response>');
    const say = streamTwiml({ ...base, mode: 'start' });
    expect(say).toContain('<Say>Hello &amp; welcome</Say><Pause length="3600"/>');
  });

  it('hands the call to the stream with <Connect><Stream>, parameters escaped', () => {
    const twiml = streamTwiml({ ...base, mode: 'connect' });
    expect(twiml).toContain('<Connect><Stream url=');
    expect(twiml).not.toContain('<Dial>');
    // What a reader of the XML gets back is exactly what went in.
    expect(streamOf(twiml)).toEqual({
      verb: 'Connect',
      url: base.streamUrl,
      parameters: base.parameters,
    });
  });

  it('turns the public origin into the socket origin, without a query string', () => {
    expect(socketOrigin('https://edge.example.com')).toBe('wss://edge.example.com');
    expect(socketOrigin('http://127.0.0.1:9700')).toBe('ws://127.0.0.1:9700');
  });
});

describe('the stream token', () => {
  it('vouches for the call it was issued for, until it expires', async () => {
    const now = Date.now();
    // A token signed without a caller (as before callers were carried) vouches for none.
    expect(await verifyStreamToken(secret, await issueStreamToken(secret, call, now))).toEqual({
      ...call,
      caller: { hash: null, verstat: null },
    });
    const caller = { hash: 'ab'.repeat(32), verstat: 'TN-Validation-Failed-B' as const };
    expect(
      await verifyStreamToken(secret, await issueStreamToken(secret, { ...call, caller }, now)),
    ).toEqual({ ...call, caller });
    const old = await issueStreamToken(secret, call, now - (TWILIO_STREAM_TOKEN_TTL_S + 5) * 1000);
    expect(await verifyStreamToken(secret, old)).toBeNull();
  });

  it('is refused when signed with another secret or altered', async () => {
    const token = await issueStreamToken(secret, call);
    expect(await verifyStreamToken(`${secret}x`, token)).toBeNull();
    expect(await verifyStreamToken(secret, `${token.slice(0, -2)}AA`)).toBeNull();
    expect(await verifyStreamToken(secret, '')).toBeNull();
  });
});

describe('sealed secrets', () => {
  it('round-trips under the same key, never under another, and never in the clear', async () => {
    const sealed = await sealSecret('key-one-key-one-key-one-key-one-1', 'the auth token');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('auth');
    expect(await openSecret('key-one-key-one-key-one-key-one-1', sealed)).toBe('the auth token');
    expect(await openSecret('key-two-key-two-key-two-key-two-2', sealed)).toBeNull();
    expect(
      await openSecret('key-one-key-one-key-one-key-one-1', `${sealed.slice(0, -3)}abc`),
    ).toBeNull();
    // A fresh IV each time: the same token never seals the same way twice.
    expect(await sealSecret('k'.repeat(32), 'x')).not.toBe(await sealSecret('k'.repeat(32), 'x'));
  });
});

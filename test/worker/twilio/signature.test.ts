import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twilioSignature, urlForms, validTwilioSignature } from '../../../worker/twilio/signature';

const token = '0123456789abcdef0123456789abcdef';
const params = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  To: '+15005550006',
  From: '+15005550001',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  Caller: 'a&b=c',
};
const list = Object.entries(params);

describe('X-Twilio-Signature', () => {
  it('matches what the official twilio package computes, for a POST and for a GET', async () => {
    const url = 'https://edge.example.com/twilio/voice';
    expect(await twilioSignature(token, url, list)).toBe(
      twilio.getExpectedTwilioSignature(token, url, params),
    );
    const ws = 'wss://edge.example.com/twilio/media/org/CA1';
    expect(await twilioSignature(token, ws, [])).toBe(
      twilio.getExpectedTwilioSignature(token, ws, {}),
    );
  });

  it("accepts the twilio package's signature, with or without the default port", async () => {
    for (const [signed, checked] of [
      ['https://edge.example.com/twilio/voice', 'https://edge.example.com/twilio/voice'],
      ['https://edge.example.com:443/twilio/voice', 'https://edge.example.com/twilio/voice'],
      ['https://edge.example.com/twilio/voice', 'https://edge.example.com:443/twilio/voice'],
      ['http://127.0.0.1:9700/twilio/voice', 'http://127.0.0.1:9700/twilio/voice'],
    ] as const) {
      const signature = twilio.getExpectedTwilioSignature(token, signed, params);
      expect(await validTwilioSignature(token, signature, checked, list)).toBe(true);
      // What we accept, Twilio's own validator accepts too.
      expect(twilio.validateRequest(token, signature, checked, params)).toBe(true);
    }
  });

  it('refuses a missing signature, another token, another URL, or altered parameters', async () => {
    const url = 'https://edge.example.com/twilio/voice';
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    expect(await validTwilioSignature(token, null, url, list)).toBe(false);
    expect(await validTwilioSignature(token, '', url, list)).toBe(false);
    expect(await validTwilioSignature('f'.repeat(32), signature, url, list)).toBe(false);
    expect(await validTwilioSignature(token, signature, `${url}?x=1`, list)).toBe(false);
    expect(
      await validTwilioSignature(token, signature, url, [...list.slice(1), ['CallSid', 'CA0']]),
    ).toBe(false);
    expect(await validTwilioSignature(token, signature, url, [...list, ['Extra', '1']])).toBe(
      false,
    );
  });

  it('tries the URL as given, with its default port and without it (never another port)', () => {
    expect(urlForms('https://a.example/x?y=1')).toEqual([
      'https://a.example/x?y=1',
      'https://a.example:443/x?y=1',
    ]);
    expect(urlForms('https://a.example:443/x')).toEqual([
      'https://a.example:443/x',
      'https://a.example/x',
    ]);
    expect(urlForms('http://127.0.0.1:9700/x')).toEqual(['http://127.0.0.1:9700/x']);
    expect(urlForms('wss://a.example/m')).toEqual(['wss://a.example/m', 'wss://a.example:443/m']);
  });
});

import { describe, expect, it } from 'vitest';
import { callerHash, callerNumber, streamCaller } from '../../../worker/twilio/caller';

const KEY = 'a-caller-hash-key-of-at-least-32-characters';

describe('callerNumber', () => {
  it('keeps E.164 numbers, written with or without separators', () => {
    expect(callerNumber('+14155550123')).toBe('+14155550123');
    expect(callerNumber('+1 (415) 555-0123')).toBe('+14155550123');
    expect(callerNumber('+44 20.7946.0000')).toBe('+442079460000');
  });

  it('has no number for withheld, SIP, client or malformed callers', () => {
    for (const from of [
      '',
      'anonymous',
      'Anonymous',
      '+266696687',
      '+7378742833',
      '+2562533',
      '+8656696',
      'client:alice',
      'sip:alice@example.com',
      '4155550123',
      '+04155550123',
      '+1415555012345678',
      '+1415',
      '+1415555O123',
    ])
      expect(callerNumber(from)).toBeNull();
  });
});

describe('callerHash', () => {
  it('is keyed: the same number hashes alike under one key, differently under another', async () => {
    const a = await callerHash(KEY, '+14155550123');
    expect(a).toMatch(/^[a-f0-9]{64}$/);
    expect(a).not.toContain('4155550123');
    expect(await callerHash(KEY, '+14155550123')).toBe(a);
    expect(await callerHash(`${KEY}x`, '+14155550123')).not.toBe(a);
    expect(await callerHash(KEY, '+14155550124')).not.toBe(a);
  });
});

describe('streamCaller', () => {
  it("hashes the normalised number and keeps Twilio's attestation", async () => {
    const caller = await streamCaller(KEY, {
      From: '+1 415 555 0123',
      StirVerstat: 'TN-Validation-Passed-C',
    });
    expect(caller).toEqual({
      hash: await callerHash(KEY, '+14155550123'),
      verstat: 'TN-Validation-Passed-C',
    });
  });

  it('has no hash without a key or a number, and no attestation for an unknown value', async () => {
    expect(
      await streamCaller(null, { From: '+14155550123', StirVerstat: 'No-TN-Validation' }),
    ).toEqual({ hash: null, verstat: 'No-TN-Validation' });
    expect(await streamCaller(KEY, { From: 'anonymous', StirVerstat: '<script>' })).toEqual({
      hash: null,
      verstat: null,
    });
    expect(await streamCaller(KEY, {})).toEqual({ hash: null, verstat: null });
  });
});

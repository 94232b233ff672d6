import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '#core/encoding';
import { hmac } from '../../../worker/services/hmac';
import { workerPresigner } from '../../../worker/services/presign';

describe('hmac', () => {
  it('gives RFC 4231 test case 2 (HMAC-SHA256) and RFC 2202 test case 2 (HMAC-SHA1)', async () => {
    const message = 'what do ya want for nothing?';
    expect(toHex(await hmac('SHA-256', 'Jefe', message))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(toHex(await hmac('SHA-1', 'Jefe', message))).toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
  });

  it('takes text as UTF-8 and bytes as they are', async () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(toHex(await hmac('SHA-256', key, 'naïve ✓'))).toBe(
      createHmac('sha256', key).update('naïve ✓', 'utf8').digest('hex'),
    );
  });
});

describe('Worker-signed storage URLs', () => {
  it('carry the hex HMAC-SHA256 of method, key, expiry and size bound', async () => {
    const secret = 'storage-signing-secret-0123456789abcdef';
    const url = new URL(
      await workerPresigner('http://edge.test', secret).url('PUT', 'org/a/b.wav', 60, {
        maxBytes: 1024,
      }),
    );
    const expires = url.searchParams.get('expires');
    const expected = createHmac('sha256', secret)
      .update(`PUT\norg/a/b.wav\n${expires}\n1024`)
      .digest('hex');
    expect(url.searchParams.get('sig')).toBe(expected);
  });
});

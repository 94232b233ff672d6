import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, signedHeaders } from '../../../worker/webhooks/signature';

/**
 * Our signatures, checked by the `standardwebhooks` package (the reference verifier receivers
 * use), never by our own code.
 */

const body = JSON.stringify({ id: 'evt_0123456789abcdef0123456789abcdef', data: { ok: true } });
const now = () => Math.floor(Date.now() / 1000);

describe('Standard Webhooks signatures', () => {
  it('make secrets in the whsec_ format, each different', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSigningSecret()).not.toBe(a);
  });

  it('verify with the standardwebhooks package', async () => {
    const secret = newSigningSecret();
    const headers = await signedHeaders([secret], { id: 'evt_1', timestampS: now(), body });
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('fail for another secret, a changed body, id or timestamp', async () => {
    const secret = newSigningSecret();
    const t = now();
    const headers = await signedHeaders([secret], { id: 'evt_1', timestampS: t, body });
    const verify =
      (payload: string, h: Record<string, string>, s = secret) =>
      () =>
        new Webhook(s).verify(payload, h);
    expect(verify(body, headers, newSigningSecret())).toThrow(WebhookVerificationError);
    expect(verify(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(verify(body, { ...headers, 'webhook-id': 'evt_2' })).toThrow(WebhookVerificationError);
    expect(verify(body, { ...headers, 'webhook-timestamp': String(t - 1) })).toThrow(
      WebhookVerificationError,
    );
  });

  it('carry one signature per secret during a rotation, and either verifies', async () => {
    const [next, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = await signedHeaders([next, previous], { id: 'evt_9', timestampS: now(), body });
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(next).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
  });

  it('sign the exact bytes of non-ASCII bodies', async () => {
    const secret = newSigningSecret();
    const text = JSON.stringify({ note: 'Überweisung – “gift cards” 💳' });
    const headers = await signedHeaders([secret], { id: 'evt_u', timestampS: now(), body: text });
    expect(new Webhook(secret).verify(text, headers)).toEqual(JSON.parse(text));
  });

  it('refuse to sign without a secret', async () => {
    await expect(signedHeaders([], { id: 'x', timestampS: now(), body })).rejects.toThrow();
  });
});

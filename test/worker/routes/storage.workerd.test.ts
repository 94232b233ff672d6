import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../worker/config';
import { workerPresigner } from '../../../worker/services/presign';
import { call } from './client';

const secret = () => loadConfig(env).storage.signingSecret;
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe('Worker-signed storage URLs', () => {
  it('stores with a signed PUT and serves with a signed GET', async () => {
    const signer = workerPresigner('http://edge.test', secret());
    const body = new Uint8Array([1, 2, 3, 4, 5]);
    const put = await call(path(await signer.url('PUT', 'org-a/analysis_1/trimmed.wav', 60)), {
      method: 'PUT',
      body,
    });
    expect(put.status).toBe(200);
    const get = await call(path(await signer.url('GET', 'org-a/analysis_1/trimmed.wav', 60)));
    expect(get.status).toBe(200);
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(body);
  });

  it('refuses a tampered key, a tampered signature, the wrong method and an expired URL', async () => {
    const signer = workerPresigner('http://edge.test', secret());
    const url = new URL(await signer.url('PUT', 'org-a/analysis_2/trimmed.wav', 60));
    const otherKey = new URL(url);
    otherKey.searchParams.set('key', 'org-b/analysis_2/trimmed.wav');
    const badSig = new URL(url);
    badSig.searchParams.set('sig', '0'.repeat(64));
    const expired = new URL(await signer.url('PUT', 'org-a/analysis_2/trimmed.wav', -10));
    for (const u of [otherKey, badSig, expired]) {
      const res = await call(path(u.toString()), { method: 'PUT', body: 'x' });
      expect(res.status).toBe(403);
    }
    const asGet = await call(path(url.toString()));
    expect(asGet.status).toBe(403);
    expect(await env.AUDIO_BUCKET.head('org-b/analysis_2/trimmed.wav')).toBeNull();
  });

  it('refuses a URL signed with another secret', async () => {
    const forged = workerPresigner('http://edge.test', 'x'.repeat(64));
    const res = await call(path(await forged.url('PUT', 'org-a/x/trimmed.wav', 60)), {
      method: 'PUT',
      body: 'x',
    });
    expect(res.status).toBe(403);
  });

  it('rejects malformed parameters with 400', async () => {
    const res = await call('/api/storage/object?key=../../etc&method=PUT&expires=abc&sig=zz', {
      method: 'PUT',
      body: 'x',
    });
    expect(res.status).toBe(400);
  });
});

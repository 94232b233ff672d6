import { beforeAll, describe, expect, it } from 'vitest';
import { FRIENDLY_CALL } from '../worker/routes/client';
import {
  as,
  FakeClock,
  makeOrg,
  type TestApp,
  type TestOrg,
  testApp,
} from '../worker/workerd/harness';
import { CsHandlerError, CsRateLimited, CsReport, conforms } from './contract';
import { inBand } from './sockets';

/**
 * CallShield's auth answers (401 missing_api_key, 403 invalid_api_key) and its rate limit
 * (429 rate_limit_exceeded), plus the Retry-After it never sent. Limits and clock are the
 * test's own: nothing here waits for time to pass.
 */

const PATH = '/api/analyze/transcript';
const body = JSON.stringify({ transcript: FRIENDLY_CALL });
const json = { 'Content-Type': 'application/json' };

function post(app: TestApp, headers: Record<string, string> = {}, path = PATH) {
  return app.fetch(path, { method: 'POST', headers: { ...json, ...headers }, body });
}

/** A client address of its own, so each test has fresh buckets. */
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID()}`;

describe('CallShield auth on its paths (AUTH_MODE=on)', () => {
  const app = testApp({ AUTH_MODE: 'on' });
  let org: TestOrg;
  beforeAll(async () => {
    org = await makeOrg(app, 'Compat auth');
  });

  it.each([
    ['no X-API-Key header', {}],
    ['an empty X-API-Key, as its frontend sends without a key', { 'X-API-Key': '' }],
  ])('answers %s with 401 missing_api_key', async (_, headers) => {
    const res = await post(app, headers);
    expect(res.status).toBe(401);
    const err = conforms(CsHandlerError, await res.json());
    expect(err.detail).toEqual({ error: 'missing_api_key', detail: 'X-API-Key header required.' });
    expect(err).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it.each([
    ['an unknown key of ours', `csk_${'A'.repeat(43)}`],
    ["a key in CallShield's own format", `cs_${'0'.repeat(32)}`],
  ])('answers %s with 403 invalid_api_key', async (_, key) => {
    const res = await post(app, { 'X-API-Key': key });
    expect(res.status).toBe(403);
    expect(conforms(CsHandlerError, await res.json()).detail).toEqual({
      error: 'invalid_api_key',
      detail: 'Invalid or inactive API key.',
    });
  });

  it('accepts a valid key in X-API-Key', async () => {
    const res = await post(app, { 'X-API-Key': org.key });
    expect(res.status).toBe(200);
    conforms(CsReport, await res.json());
  });

  it('ignores ?api_key= on REST, as CallShield does (401)', async () => {
    const res = await post(app, {}, `${PATH}?api_key=${encodeURIComponent(org.key)}`);
    expect(res.status).toBe(401);
  });

  it('answers a member whose role may not analyse with 403 forbidden', async () => {
    const res = await app.fetch(
      PATH,
      as(org.members.viewer.jwt, { body: { transcript: FRIENDLY_CALL } }),
    );
    expect(res.status).toBe(403);
    expect(conforms(CsHandlerError, await res.json()).detail.error).toBe('forbidden');
  });
});

describe('CallShield with auth off', () => {
  it('accepts the empty X-API-Key its frontend sends when it has no key', async () => {
    const app = testApp({ AUTH_MODE: 'off' });
    const res = await post(app, { 'X-API-Key': '' });
    expect(res.status).toBe(200);
  });
});

describe('rate limits (per client address while auth is off)', () => {
  const clock = new FakeClock();
  const app = testApp(
    { RATE_LIMIT_TEXT: '3/60', RATE_LIMIT_AUDIO: '2/60', RATE_LIMIT_STREAMS: '2/60' },
    { clock },
  );

  it('answers the 4th transcript in a minute with 429 rate_limit_exceeded and Retry-After', async () => {
    const from = { 'CF-Connecting-IP': address() };
    for (let i = 0; i < 3; i++) expect((await post(app, from)).status).toBe(200);
    const refused = await post(app, from);
    expect(refused.status).toBe(429);
    // A steady 3 a minute: the next one fits 20 s later.
    expect(refused.headers.get('retry-after')).toBe('20');
    const err = conforms(CsRateLimited, await refused.json());
    expect(err).toMatchObject({
      error: 'rate_limit_exceeded',
      detail: 'Too many requests. Please slow down.',
      code: 'RATE_LIMITED',
    });
    clock.advance(19_000);
    expect((await post(app, from)).status).toBe(429);
    clock.advance(1_000);
    expect((await post(app, from)).status).toBe(200);
  });

  it('counts each client address apart', async () => {
    const first = { 'CF-Connecting-IP': address() };
    for (let i = 0; i < 3; i++) await post(app, first);
    expect((await post(app, first)).status).toBe(429);
    expect((await post(app, { 'CF-Connecting-IP': address() })).status).toBe(200);
  });

  it('limits audio on its own (2 a minute), before any work is done', async () => {
    const from = { 'CF-Connecting-IP': address() };
    const send = () => {
      const form = new FormData();
      form.append('file', new File([new Uint8Array()], 'empty.wav'));
      return app.fetch('/api/analyze/audio', { method: 'POST', headers: from, body: form });
    };
    expect((await send()).status).toBe(400);
    expect((await send()).status).toBe(400);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    // Transcripts have their own bucket.
    expect((await post(app, from)).status).toBe(200);
  });

  it('limits new streams: tickets get our 429, sockets are refused in band with 4029', async () => {
    const from = { 'CF-Connecting-IP': address() };
    const ticket = () =>
      app.fetch('/api/streams/ticket', {
        method: 'POST',
        headers: { ...json, ...from },
        body: '{}',
      });
    expect((await ticket()).status).toBe(200);
    expect((await ticket()).status).toBe(200);
    const refused = await ticket();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');

    const res = await app.fetch('/ws/stream?api_key=', {
      headers: { Upgrade: 'websocket', ...from },
    });
    expect(res.status).toBe(101);
    const socket = await inBand(res.webSocket!);
    expect(socket.messages).toEqual([
      expect.objectContaining({ type: 'error', code: 'RATE_LIMITED', retry_after: 30 }),
    ]);
    expect(socket.close.code).toBe(4029);
  });
});

describe('rate limits per API key (AUTH_MODE=on)', () => {
  const clock = new FakeClock();
  const app = testApp({ AUTH_MODE: 'on', RATE_LIMIT_TEXT: '2/60' }, { clock });
  let a: TestOrg;
  let b: TestOrg;
  beforeAll(async () => {
    [a, b] = await Promise.all([makeOrg(app, 'Limits A'), makeOrg(app, 'Limits B')]);
  });

  it("counts each key apart, whatever address it comes from, and one key's limit never stops another", async () => {
    const same = address();
    expect((await post(app, { 'X-API-Key': a.key, 'CF-Connecting-IP': same })).status).toBe(200);
    expect((await post(app, { 'X-API-Key': a.key, 'CF-Connecting-IP': address() })).status).toBe(
      200,
    );
    expect((await post(app, { 'X-API-Key': a.key, 'CF-Connecting-IP': same })).status).toBe(429);
    expect((await post(app, { 'X-API-Key': b.key, 'CF-Connecting-IP': same })).status).toBe(200);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, judge, sendAttempt, USER_AGENT } from '../../../worker/webhooks/attempt';

/** One attempt against a real loopback server that answers as each path says. */

let server: Server;
let base: string;
const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];
const held: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      const path = req.url ?? '';
      if (path === '/ok') return res.writeHead(204).end();
      if (path === '/gone') return res.writeHead(410).end('gone');
      if (path === '/busy') return res.writeHead(429, { 'retry-after': '90' }).end('slow down');
      if (path === '/broken') return res.writeHead(500).end('stack trace\u0000here');
      if (path === '/bad') return res.writeHead(400).end('{"error":"bad"}');
      if (path === '/moved') return res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
      if (path === '/huge') return res.writeHead(200).end('x'.repeat(5_000_000));
      if (path === '/hang') return held.push(() => res.end());
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const release of held) release();
  await new Promise((resolve) => server.close(resolve));
});

const send = (path: string, timeoutMs = 5_000) =>
  sendAttempt(
    { url: `${base}${path}`, headers: { 'webhook-id': 'evt_x' }, body: '{"a":1}' },
    { timeoutMs, now: Date.now },
  );

describe('one webhook attempt', () => {
  it('POSTs the JSON body with our headers and succeeds on a 2xx', async () => {
    const result = await send('/ok');
    expect(result).toMatchObject({ statusCode: 204, error: null, retryAfterS: null });
    expect(judge(result, true)).toBe('succeeded');
    const request = seen.find((s) => s.path === '/ok');
    expect(request?.body).toBe('{"a":1}');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': 'evt_x',
    });
  });

  it.each([
    ['/gone', 410, 'gone'],
    ['/busy', 429, 'retry'],
    ['/broken', 500, 'retry'],
    ['/bad', 400, 'failed'],
    ['/moved', 302, 'failed'],
  ] as const)('judges %s (%s) as %s', async (path, status, verdict) => {
    const result = await send(path);
    expect(result.statusCode).toBe(status);
    expect(result.error).toContain(`HTTP ${status}`);
    expect(judge(result, true)).toBe(verdict);
  });

  it('honours Retry-After on a 429 and keeps a printable excerpt', async () => {
    expect((await send('/busy')).retryAfterS).toBe(90);
    expect((await send('/broken')).excerpt).toBe('stack tracehere');
  });

  it('does not follow redirects', async () => {
    const result = await send('/moved');
    expect(result.error).toMatch(/redirects are not followed/);
  });

  it('reads a bounded part of a huge answer', async () => {
    const result = await send('/huge');
    expect(result.statusCode).toBe(200);
    expect(result.excerpt).toHaveLength(EXCERPT_CHARS);
  });

  it('gives up after the timeout, and that is worth retrying', async () => {
    const result = await send('/hang', 300);
    expect(result).toMatchObject({ statusCode: null, error: 'timed out after 300 ms' });
    expect(judge(result, true)).toBe('retry');
  });

  it('reports a refused connection as retryable, and a URL never sent as failed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await sendAttempt(
      { url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}' },
      { timeoutMs: 5_000, now: Date.now },
    );
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/^connection failed/);
    expect(judge(result, true)).toBe('retry');
    expect(judge(result, false)).toBe('failed');
  });
});

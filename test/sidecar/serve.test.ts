/**
 * Readiness: the sidecar opens its port only once every engine has settled, and /healthz is
 * not ready while any engine is still loading. Cloudflare's Container class counts any answer
 * on the port as "started", so these two are what keep a cold container from taking calls
 * before Whisper is loaded.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '#core/schemas/sidecar-protocol';
import { createApp } from '../../sidecar/src/app';
import type { Transcriber } from '../../sidecar/src/asr/transcriber';
import { loadConfig } from '../../sidecar/src/config';
import { silentLogger } from '../../sidecar/src/log';
import { serveWhenReady } from '../../sidecar/src/serve';

/** An engine whose load finishes when the test says; `loading` resolves once load began. */
function gatedEngine(name: Transcriber['name']) {
  let began: () => void = () => {};
  let finish: () => void = () => {};
  const loading = new Promise<void>((r) => {
    began = r;
  });
  const engine: Transcriber = {
    name,
    model: `gated-${name}`,
    load: () => {
      began();
      return new Promise<void>((r) => {
        finish = r;
      });
    },
    transcribe: async () => ({ segments: [], text: name }),
  };
  return { engine, loading, finish: () => finish() };
}

/** An engine that loads at once. */
const quickEngine = (name: Transcriber['name']): Transcriber => ({
  name,
  model: `quick-${name}`,
  load: async () => {},
  transcribe: async () => ({ segments: [], text: name }),
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server.close();
  await once(server, 'close');
  return address.port;
}

/** Resolves with the connection error code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

describe('serveWhenReady', () => {
  it('refuses connections while an engine loads, then serves a ready /healthz', async () => {
    const port = await freePort();
    const whisper = gatedEngine('whisper');
    const config = loadConfig({ SIDECAR_PORT: String(port), ASR_ENGINES: 'whisper,pocketsphinx' });
    const serving = serveWhenReady(config, {
      logger: silentLogger,
      engines: [whisper.engine, quickEngine('pocketsphinx')],
    });
    await whisper.loading;
    // pocketsphinx is ready by now; the port still stays shut until Whisper settles.
    expect(await tryConnect(port)).toBe('ECONNREFUSED');

    whisper.finish();
    const { server } = await serving;
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      const health = HealthResponseSchema.parse(await res.json());
      expect(health).toMatchObject({ ready: true, engine: { name: 'whisper' } });
      expect(health.engines.map((e) => e.state)).toEqual(['ready', 'ready']);
    } finally {
      await server.close();
    }
  });
});

describe('/healthz readiness', () => {
  it('stays 503 "starting" while Whisper loads, even with the fallback ready', async () => {
    const whisper = gatedEngine('whisper');
    const sidecar = createApp(loadConfig({ ASR_ENGINES: 'whisper,pocketsphinx' }), {
      logger: silentLogger,
      engines: [whisper.engine, quickEngine('pocketsphinx')],
    });
    await whisper.loading;
    const health = async () => {
      const res = await sidecar.app.fetch(new Request('http://127.0.0.1/healthz'));
      return { status: res.status, body: HealthResponseSchema.parse(await res.json()) };
    };
    const during = await health();
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ status: 'starting', ready: false });
    expect(during.body.engines.map((e) => e.state)).toEqual(['loading', 'ready']);

    whisper.finish();
    await sidecar.enginesSettled;
    const after = await health();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', ready: true });
  });
});

describe('the sidecar process in production mode', () => {
  it('refuses to start without SIDECAR_SECRET and names it', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(
      resolve(root, 'node_modules/.bin/tsx'),
      [resolve(root, 'sidecar/src/server.ts')],
      {
        env: { ...process.env, NODE_ENV: 'production', SIDECAR_SECRET: '', SIDECAR_PORT: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toContain('SIDECAR_SECRET: required when NODE_ENV=production');
  });
});

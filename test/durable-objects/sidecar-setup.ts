import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSidecar } from '../../scripts/stack/stack';
import { startFaultProxy } from './fault-proxy';
import { startPutSink } from './put-sink';

const BASE_PORT = Number(process.env.TEST_SIDECAR_PORT ?? 8818);
const BUSY_POOL_PORT = Number(process.env.TEST_BUSY_POOL_PORT ?? BASE_PORT + 5);

/**
 * Where the workerd tests find the real media sidecar (see vitest.config.ts).
 * `TEST_SIDECAR_PORT` moves it (and the proxy and sinks, the three ports above) so two checkouts
 * can test at once.
 */
export const TEST_SIDECAR = {
  port: BASE_PORT,
  /** The fault-injecting proxy the Durable Object talks to (see fault-proxy.ts). */
  proxyPort: BASE_PORT + 1,
  /** A PUT sink (put-sink.ts) that a request's Host header names: uploads must never go there. */
  hostSinkPort: BASE_PORT + 2,
  /** A PUT sink at the configured PUBLIC_BASE_URL: it says 200 but stores nothing. */
  publicSinkPort: BASE_PORT + 3,
  /**
   * The busy pool (see `BUSY_POOL`): two sidecars at `TEST_BUSY_POOL_PORT` and the next port
   * (default: `TEST_SIDECAR_PORT` + 5 and + 6; + 4 is s3rver's).
   */
  busyPoolPorts: [BUSY_POOL_PORT, BUSY_POOL_PORT + 1],
  secret: 'workers-test-sidecar-secret-0001',
} as const;

/**
 * Starts the real media sidecar (ffmpeg + pocketsphinx) for the Durable Object tests: the
 * CallSession inside workerd reaches it over loopback exactly as it does under `npm start`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base64 WAV chunks (16 kHz mono 16-bit) of a spoken scam call, in order. */
    speechChunks: string[];
    /** Loopback PUT sinks (put-sink.ts): one a Host header names, one at PUBLIC_BASE_URL. */
    hostSinkUrl: string;
    /** The fault proxy (fault-proxy.ts), for tests that hold and release sidecar requests. */
    faultProxyUrl: string;
    publicSinkUrl: string;
    /** The busy pool's sidecars (`SIDECAR_URLS`), see BUSY_POOL. */
    busyPoolUrls: string[];
  }
}

/**
 * A media pool that is easy to saturate, for the backpressure tests of background jobs: two
 * sidecars of one slot and no queue (a second request at once gets 503 OVERLOADED), with the
 * fake engine, so how long a job holds its slot is set here, not by the machine.
 */
const BUSY_POOL = {
  ASR_ENGINES: 'fake',
  FAKE_ASR_TEXT: 'please confirm your gift card number',
  FAKE_ASR_DELAY_MS: '200',
  MAX_CONCURRENCY: '1',
  MAX_QUEUE: '0',
};

const SCRIPT = [
  'Hello, this is officer Daniel Brooks calling from the Internal Revenue Service about your unpaid taxes.',
  'A warrant will be issued for your arrest today unless you pay with Google Play gift cards right now.',
];

/** Speaks each sentence with espeak-ng and converts it to the chunk format clients send. */
function speechChunks(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'callshield-do-'));
  try {
    return SCRIPT.map((sentence, i) => {
      const raw = join(dir, `raw-${i}.wav`);
      const chunk = join(dir, `chunk-${i}.wav`);
      execFileSync('espeak-ng', ['-s', '150', '-w', raw, sentence]);
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', chunk]);
      return readFileSync(chunk).toString('base64');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  project.provide('speechChunks', speechChunks());
  project.provide('faultProxyUrl', `http://127.0.0.1:${TEST_SIDECAR.proxyPort}`);
  project.provide('hostSinkUrl', `http://127.0.0.1:${TEST_SIDECAR.hostSinkPort}`);
  project.provide('publicSinkUrl', `http://127.0.0.1:${TEST_SIDECAR.publicSinkPort}`);
  const sidecar = await startSidecar({
    port: TEST_SIDECAR.port,
    secret: TEST_SIDECAR.secret,
    env: { ASR_ENGINES: 'pocketsphinx', MAX_CONCURRENCY: '2', MAX_QUEUE: '64' },
  });
  const busyPool = await Promise.all(
    TEST_SIDECAR.busyPoolPorts.map((port) =>
      startSidecar({
        port,
        secret: TEST_SIDECAR.secret,
        name: `busy-sidecar-${port}`,
        env: BUSY_POOL,
      }),
    ),
  );
  project.provide(
    'busyPoolUrls',
    TEST_SIDECAR.busyPoolPorts.map((port) => `http://127.0.0.1:${port}`),
  );
  const proxy = await startFaultProxy(
    TEST_SIDECAR.proxyPort,
    `http://127.0.0.1:${TEST_SIDECAR.port}`,
  );
  const sinks = [
    await startPutSink(TEST_SIDECAR.hostSinkPort),
    await startPutSink(TEST_SIDECAR.publicSinkPort),
  ];
  return async () => {
    for (const server of [proxy, ...sinks]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await Promise.all([sidecar, ...busyPool].map((p) => p.stop()));
  };
}

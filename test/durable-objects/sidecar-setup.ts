import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSidecar } from '../../scripts/stack/stack';
import { REAL_ENGINE_RATE, startFaultProxy } from './fault-proxy';
import { startPutSink } from './put-sink';

const BASE_PORT = Number(process.env.TEST_SIDECAR_PORT ?? 8818);
const BUSY_POOL_PORT = Number(process.env.TEST_BUSY_POOL_PORT ?? BASE_PORT + 6);

/**
 * Where the workerd tests find the media sidecars (see vitest.config.ts).
 * `TEST_SIDECAR_PORT` moves them (and the proxy and sinks: `+0` to `+3`, `+5`, and the busy pool
 * at `+6`, `+7`) so two
 * checkouts can test at once (`+4` is s3rver's, test/worker/s3rver-setup.ts).
 */
export const TEST_SIDECAR = {
  /** The sidecar on real pocketsphinx. */
  port: BASE_PORT,
  /** The sidecar on the fake engine, answering {@link SCRIPT} (see fault-proxy.ts). */
  fakePort: BASE_PORT + 5,
  /** The fault-injecting proxy the Durable Object talks to (see fault-proxy.ts). */
  proxyPort: BASE_PORT + 1,
  /** A PUT sink (put-sink.ts) that a request's Host header names: uploads must never go there. */
  hostSinkPort: BASE_PORT + 2,
  /** A PUT sink at the configured PUBLIC_BASE_URL: it says 200 but stores nothing. */
  publicSinkPort: BASE_PORT + 3,
  /**
   * The busy pool (see `BUSY_POOL`): two sidecars at `TEST_BUSY_POOL_PORT` and the next port
   * (default: `TEST_SIDECAR_PORT` + 6 and + 7; + 4 is s3rver's, + 5 the fake-engine sidecar).
   */
  busyPoolPorts: [BUSY_POOL_PORT, BUSY_POOL_PORT + 1],
  secret: 'workers-test-sidecar-secret-0001',
} as const;

/**
 * Starts two media sidecars for the workers project, behind the fault proxy: one on real
 * pocketsphinx and one on the fake engine (sidecar/src/asr/fake.ts), which answers every
 * window with the test call's script at once. Both decode audio with the real ffmpeg; the
 * CallSession inside workerd reaches them over loopback exactly as it does under `npm start`.
 * The proxy sends a request to the fake one unless the test judges recognition
 * (fault-proxy.ts, docs/testing.md).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Base64 WAV chunks (16 kHz mono 16-bit) of a spoken scam call, in order. Transcribed by
     * the fake engine, which hears {@link SCRIPT}: both sentences, for every window.
     */
    speechChunks: string[];
    /**
     * The same call at REAL_ENGINE_RATE (fault-proxy.ts), so that the fault proxy sends it to
     * real pocketsphinx: for the tests that judge what was heard.
     */
    realSpeechChunks: string[];
    /** What the fake engine answers: the call's script, both sentences. */
    fakeTranscript: string;
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

/** The spoken scam call: one chunk per sentence. */
const SCRIPT = [
  'Hello, this is officer Daniel Brooks calling from the Internal Revenue Service about your unpaid taxes.',
  'A warrant will be issued for your arrest today unless you pay with Google Play gift cards right now.',
];

/**
 * The fake engine's answer for every window: the whole script, lower case without
 * punctuation, as a recogniser writes it.
 */
const FAKE_TRANSCRIPT = SCRIPT.join(' ')
  .toLowerCase()
  .replace(/[^a-z ]/g, '');

/**
 * Speaks each sentence with espeak-ng and converts it to the chunk format clients send, at
 * `rate`.
 */
function speechChunks(rate = 16_000): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'callshield-do-'));
  try {
    return SCRIPT.map((sentence, i) => {
      const raw = join(dir, `raw-${i}.wav`);
      const chunk = join(dir, `chunk-${i}.wav`);
      execFileSync('espeak-ng', ['-s', '150', '-w', raw, sentence]);
      execFileSync('sox', [raw, '-r', String(rate), '-c', '1', '-b', '16', chunk]);
      return readFileSync(chunk).toString('base64');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  project.provide('speechChunks', speechChunks());
  project.provide('realSpeechChunks', speechChunks(REAL_ENGINE_RATE));
  project.provide('fakeTranscript', FAKE_TRANSCRIPT);
  project.provide('faultProxyUrl', `http://127.0.0.1:${TEST_SIDECAR.proxyPort}`);
  project.provide('hostSinkUrl', `http://127.0.0.1:${TEST_SIDECAR.hostSinkPort}`);
  project.provide('publicSinkUrl', `http://127.0.0.1:${TEST_SIDECAR.publicSinkPort}`);
  // Both at once: each takes seconds to load its engines.
  const started = await Promise.allSettled([
    startSidecar({
      port: TEST_SIDECAR.port,
      secret: TEST_SIDECAR.secret,
      env: { ASR_ENGINES: 'pocketsphinx', MAX_CONCURRENCY: '2', MAX_QUEUE: '64' },
    }),
    startSidecar({
      name: 'fake-sidecar',
      port: TEST_SIDECAR.fakePort,
      secret: TEST_SIDECAR.secret,
      env: {
        ASR_ENGINES: 'fake',
        FAKE_ASR_TEXT: FAKE_TRANSCRIPT,
        FAKE_ASR_DELAY_MS: '0',
        MAX_CONCURRENCY: '4',
        MAX_QUEUE: '64',
      },
    }),
  ]);
  const sidecars = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(sidecars.map((s) => s.stop()));
    throw failed.reason;
  }
  const proxy = await startFaultProxy(TEST_SIDECAR.proxyPort, {
    real: `http://127.0.0.1:${TEST_SIDECAR.port}`,
    fake: `http://127.0.0.1:${TEST_SIDECAR.fakePort}`,
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
  const sinks = [
    await startPutSink(TEST_SIDECAR.hostSinkPort),
    await startPutSink(TEST_SIDECAR.publicSinkPort),
  ];
  return async () => {
    for (const server of [proxy, ...sinks]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await Promise.all([...sidecars, ...busyPool].map((s) => s.stop()));
  };
}

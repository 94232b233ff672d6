/**
 * `npm run bench`: speed figures for the closing notes and docs/measured.md.
 * Sections: local scoring; the media sidecar (stage timings, real-time factor); and against
 * the local stack, POST /analyze/text under a bounded loopback load, what API-key auth adds to
 * it, per-chunk stream overhead, concurrent streams, webhook delivery and a burst of background
 * analysis jobs (the default run). Named only: speech recognition accuracy (asr), the
 * live-stream simulation (asr-stream), keyword spotting (asr-kws), generated dev calls
 * (asr-dev), the robocalls streamed live over /ws/stream through the stack (live), 20
 * simulated phone calls (twilio), the media pool's capacity per instance (capacity) and
 * script-fingerprint clustering of the campaign set (campaigns). `npm run bench -- --only=sidecar,auth` runs a subset. Every
 * loop is bounded in count and time; traffic goes to 127.0.0.1 only. `BENCH_PORT` (default
 * 8797) moves the stack: the Worker on it, the sidecar on +1, its local Supabase on +2 to +4,
 * the webhook receiver on +5.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAsr } from './bench/asr';
import { benchAsrDev } from './bench/asr-dev';
import { benchAsrKws } from './bench/asr-kws';
import { benchAsrStream } from './bench/asr-stream';
import { benchApiKeyOverhead } from './bench/auth';
import { benchCampaigns } from './bench/campaigns';
import { benchCapacity } from './bench/capacity';
import { runLoad } from './bench/http-load';
import { benchJobs } from './bench/jobs';
import { benchLive } from './bench/live';
import { benchScoring } from './bench/scoring';
import { type BenchSection, benchSidecar } from './bench/sidecar';
import { benchConcurrentStreams, benchStreamOverhead } from './bench/streams';
import { benchTranscript } from './bench/transcripts';
import { benchTwilioCalls } from './bench/twilio';
import { benchWebhooks } from './bench/webhooks';
import { startSeededStack } from './stack/dev-stack';

const SECTIONS = [
  'scoring',
  'http',
  'auth',
  'sidecar',
  'streams',
  'webhooks',
  'jobs',
  'asr',
  'asr-stream',
  'asr-kws',
  'asr-dev',
  'live',
  'twilio',
  'capacity',
  'campaigns',
] as const;
type Section = (typeof SECTIONS)[number];
/** Speech accuracy sections take many minutes of decoding: they run only when named. */
const DEFAULT_SECTIONS: readonly Section[] = [
  'scoring',
  'http',
  'auth',
  'sidecar',
  'streams',
  'webhooks',
  'jobs',
];

function selectedSections(argv: string[]): Set<Section> {
  const flag = argv.find((a) => a.startsWith('--only='));
  if (!flag) return new Set(DEFAULT_SECTIONS);
  const names = flag.slice('--only='.length).split(',').filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    console.error(`bench: --only takes a comma list of ${SECTIONS.join(', ')}; got ${flag}`);
    process.exit(2);
  }
  return new Set(names as Section[]);
}

function table(title: string, rows: Record<string, string>[], notes: string[] = []) {
  console.log(`\n## ${title}`);
  console.table(rows);
  for (const note of notes) console.log(`  ${note}`);
}

const print = (section: BenchSection) => table(section.title, section.rows, section.notes);
const only = selectedSections(process.argv.slice(2));

if (only.has('scoring')) table('Local text scoring (one process)', benchScoring());

// Before the stack starts, so the stack's own processes don't compete for the 2 cores.
if (only.has('sidecar')) for (const section of await benchSidecar()) print(section);
if (only.has('asr')) for (const section of await benchAsr()) print(section);
if (only.has('capacity')) for (const section of await benchCapacity()) print(section);
if (only.has('asr-stream')) for (const section of await benchAsrStream()) print(section);
if (only.has('asr-kws')) for (const section of await benchAsrKws()) print(section);
if (only.has('asr-dev')) for (const section of await benchAsrDev()) print(section);
if (only.has('campaigns')) for (const section of benchCampaigns()) print(section);

/** Sections measured against the running local stack. */
const STACK_SECTIONS: readonly Section[] = [
  'http',
  'auth',
  'streams',
  'webhooks',
  'live',
  'twilio',
  'jobs',
];
if (STACK_SECTIONS.some((section) => only.has(section))) {
  const port = Number(process.env.BENCH_PORT ?? 8797);
  // A throwaway local Supabase, seeded like npm start's: analyses are stored as they are there.
  const dir = await mkdtemp(join(tmpdir(), 'callshield-bench-'));
  await chmod(dir, 0o755);
  const { stack, credentials: dev } = await startSeededStack({
    port,
    sidecarPort: port + 1,
    persistTo: '.wrangler/bench-state',
    supabase: {
      dir: join(dir, 'supabase'),
      port: port + 2,
      dbPort: port + 3,
      postgrestPort: port + 4,
      throwaway: true,
    },
    credentialsPath: join(dir, 'dev-credentials.json'),
    // Counted as in production (one RateLimiter call per request), but never reached.
    vars: {
      RATE_LIMIT_TEXT: '1000000/60',
      RATE_LIMIT_AUDIO: '1000000/60',
      RATE_LIMIT_STREAMS: '1000000/60',
    },
  });
  try {
    if (only.has('http')) {
      const body = JSON.stringify({ transcript: benchTranscript(2_000) });
      const warm = await fetch(`${stack.workerUrl}/analyze/text`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      if (!warm.ok) throw new Error(`warm-up request failed: ${warm.status}`);
      const row = await runLoad({
        url: `${stack.workerUrl}/analyze/text`,
        init: () => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
        requests: 3_000,
        durationMs: 20_000,
        concurrency: 16,
      });
      table('POST /analyze/text, 2,000-char transcript, wrangler dev on loopback', [row]);
    }
    if (only.has('auth')) {
      const auth = await benchApiKeyOverhead(stack.workerUrl, dev.api_key, benchTranscript(200));
      table(
        'API-key auth on POST /analyze/text, 200-char transcript, one at a time',
        auth.rows,
        auth.notes,
      );
    }
    if (only.has('streams')) {
      print(await benchStreamOverhead(stack.workerUrl));
      print(await benchConcurrentStreams(stack.workerUrl));
    }
    if (only.has('webhooks')) print(await benchWebhooks(stack.workerUrl, dev.user_jwt, port + 5));
    if (only.has('live')) for (const section of await benchLive(stack.workerUrl)) print(section);
    if (only.has('twilio'))
      print(await benchTwilioCalls(stack.workerUrl, stack.worker.child.pid ?? 0, dev));
    if (only.has('jobs')) print(await benchJobs(stack.workerUrl, dev.api_key));
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

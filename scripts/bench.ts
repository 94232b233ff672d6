/**
 * `npm run bench`: speed figures for the closing notes and the README.
 * Sections: local scoring; POST /analyze/text under a bounded loopback load against the local
 * stack. Every loop is bounded in count and time; traffic goes to 127.0.0.1 only.
 */
import { runLoad } from './bench/http-load';
import { benchScoring } from './bench/scoring';
import { benchTranscript } from './bench/transcripts';
import { startStack } from './stack/stack';

function table(title: string, rows: Record<string, string>[]) {
  console.log(`\n## ${title}`);
  console.table(rows);
}

table('Local text scoring (one process)', benchScoring());

const stack = await startStack({
  port: 8797,
  sidecarPort: 8798,
  persistTo: '.wrangler/bench-state',
});
try {
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
} finally {
  await stack.stop();
}

/**
 * Per-stage timings of the sidecar pipeline on a ~5 s speech chunk (espeak-ng, generated in a
 * temp dir) and pocketsphinx's real-time factor, in process with the real tools.
 *   npx tsx sidecar/scripts/measure.ts [runs=5] [extra.wav]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessResponseSchema } from '../../worker/core/sidecar-protocol';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';

const runs = Math.max(1, Math.min(50, Number(process.argv[2] ?? 5)));
const extra = process.argv[3];
const dir = mkdtempSync(join(tmpdir(), 'callshield-measure-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, bytes: Uint8Array, n: number): Promise<void> {
  const sidecar = createApp(loadConfig({ ASR_ENGINES: 'pocketsphinx', ...process.env }), {
    logger: silentLogger,
  });
  await sidecar.enginesSettled;
  const rows: Array<Record<string, number>> = [];
  let audioMs = 0;
  for (let i = 0; i < n; i++) {
    const res = await sidecar.app.fetch(
      new Request('http://127.0.0.1/v1/process', { method: 'POST', body: Buffer.from(bytes) }),
    );
    const body = ProcessResponseSchema.parse(await res.json());
    audioMs = body.features.trimmed_duration_ms;
    rows.push(body.timings_ms);
  }
  const keys = Object.keys(rows[0]!);
  const med = Object.fromEntries(keys.map((k) => [k, median(rows.map((r) => r[k]!))]));
  console.log(
    JSON.stringify({
      label,
      runs: n,
      audio_ms: audioMs,
      median_ms: med,
      transcribe_rtf: med.transcribe! / audioMs,
    }),
  );
}

try {
  const wav = join(dir, 'chunk.wav');
  execFileSync('espeak-ng', [
    '-s',
    '150',
    '-w',
    wav,
    'Hello, this is the security department of your bank. We detected an unusual payment on your card. Please confirm your account number now.',
  ]);
  execFileSync('sox', [wav, join(dir, 'chunk5.wav'), 'trim', '0', '5']);
  await measure('5 s chunk', new Uint8Array(readFileSync(join(dir, 'chunk5.wav'))), runs);
  if (extra) await measure(extra, new Uint8Array(readFileSync(extra)), 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `npm run campaigns:build-legit`: the legitimate calls of the ASR bench (scripts/bench/asr-legit.ts:
 * 12 scripts, a dentist's reminder to a bank's real fraud alert) in each of its five espeak-ng
 * voices, sent down a phone line (8 kHz µ-law, ffmpeg) and transcribed by the sidecar's
 * pocketsphinx engine with its own settings, as the campaign set is made (build-set.ts).
 * Writes test/fixtures/campaigns/legit-calls.jsonl (transcripts only), which the campaign bench
 * and test/core/campaigns/legit-calls.test.ts cluster against the campaign set: a legitimate
 * call must join no scam campaign (docs/campaigns.md). Needs no ../shared.
 *
 * Option: `--jobs=N` decoders at once (default 2).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketsphinxTranscriber } from '../../sidecar/src/asr/pocketsphinx';
import { loadConfig } from '../../sidecar/src/config';
import { mulawToPcm16k, toPhoneMulaw } from '../bench/asr-audio';
import { LEGIT_CALLS, LEGIT_VOICES } from '../bench/asr-legit';
import { type CampaignSetRow, LEGIT_SET_PATH } from './cluster-eval';

const OUT = fileURLToPath(LEGIT_SET_PATH);
/** The ASR bench's speaking rate (asr-legit.ts `phoneCall`). */
const WPM = 155;

function jobsFlag(): number {
  const arg = process.argv.find((a) => a.startsWith('--jobs='));
  const value = arg ? Number(arg.slice('--jobs='.length)) : 2;
  if (!Number.isInteger(value) || value <= 0 || value > 16) {
    console.error('campaigns:build-legit: --jobs takes an integer from 1 to 16');
    process.exit(2);
  }
  return value;
}

async function main() {
  const jobs = LEGIT_CALLS.flatMap((call) =>
    LEGIT_VOICES.map((voice) => ({ campaign: call.id, voice, script: call.script })),
  );
  const parallel = jobsFlag();
  const engine = new PocketsphinxTranscriber(loadConfig({}).pocketsphinx);
  await engine.load();
  const started = performance.now();
  const rows: CampaignSetRow[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callshield-legit-'));
    try {
      for (let i = next++; i < jobs.length; i = next++) {
        const job = jobs[i]!;
        const wav = execFileSync(
          'espeak-ng',
          ['-v', job.voice, '-s', String(WPM), '--stdout', job.script],
          { maxBuffer: 1 << 28, timeout: 60_000 },
        );
        const pcm = mulawToPcm16k(toPhoneMulaw(new Uint8Array(wav)));
        const t = await engine.transcribe(pcm, {
          signal: AbortSignal.timeout(300_000),
          tmpDir: dir,
        });
        rows[i] = {
          id: `${job.campaign}/espeak:${job.voice}@${WPM}`,
          campaign: job.campaign,
          voice: `espeak:${job.voice}@${WPM}`,
          transcript: t.text,
          engine: `pocketsphinx (${engine.model})`,
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  writeFileSync(OUT, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  const kb = readFileSync(OUT).length / 1024;
  console.log(
    `campaigns:build-legit: ${rows.length} transcripts in ${seconds.toFixed(0)} s ` +
      `(${parallel} decoders), ${kb.toFixed(0)} KB → ${OUT}`,
  );
}

await main();

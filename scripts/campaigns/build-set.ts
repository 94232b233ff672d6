/**
 * `npm run campaigns:build-set`: the campaign set that the fingerprint is measured on
 * (docs/campaigns.md). Every FTC robocall script (the `ftc_robocall` rows of
 * ../shared/eval/train.jsonl and ../shared/eval/real-scams.jsonl, one campaign each) and every
 * reference transcript of the five real robocalls in ../shared/audio is spoken by four
 * espeak-ng voices, sent down a phone line (8 kHz µ-law, ffmpeg) and transcribed by the
 * sidecar's pocketsphinx engine with its own settings; the five recordings themselves go the
 * same way. Writes test/fixtures/campaigns/campaign-set.jsonl (transcripts only).
 *
 * Options: `--scripts=N` keeps the first N FTC scripts (default all), `--words=N` speaks only
 * the first N words of each script (default 120: the fingerprint must decide early in a call,
 * and the whole set must decode in minutes on two cores), `--jobs=N` decoders at once
 * (default 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketsphinxTranscriber } from '../../sidecar/src/asr/pocketsphinx';
import { loadConfig } from '../../sidecar/src/config';
import { mulawToPcm16k, toPhoneMulaw } from '../bench/asr-audio';
import { CAMPAIGN_SET_PATH, type CampaignSetRow } from './cluster-eval';

const SHARED = resolve(import.meta.dirname, '../../../shared');
const OUT = fileURLToPath(CAMPAIGN_SET_PATH);

/** espeak-ng voice and words per minute: two accents, two timbres, four speeds. */
const CAMPAIGN_VOICES: ReadonlyArray<readonly [string, number]> = [
  ['en-us', 150],
  ['en', 170],
  ['en-us+f3', 140],
  ['en+m3', 185],
];

interface Job {
  campaign: string;
  voice: string;
  /** Text to speak, or a recording to send as it is. */
  text?: string;
  wav?: string;
}

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`campaigns:build-set: --${name} takes a positive integer`);
    process.exit(2);
  }
  return value;
}

function jsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function speak(text: string, voice: string, wpm: number): Uint8Array {
  const args = ['-v', voice, '-s', String(wpm), '--stdout', text];
  return new Uint8Array(execFileSync('espeak-ng', args, { maxBuffer: 1 << 28 }));
}

function jobsFor(scriptCount: number, words: number): Job[] {
  const ftc = [
    ...jsonl(join(SHARED, 'eval/train.jsonl')).filter((r) => r.source === 'ftc_robocall'),
    ...jsonl(join(SHARED, 'eval/real-scams.jsonl')).filter((r) => r.source === 'ftc_robocall'),
  ].slice(0, scriptCount);
  const recordings = jsonl(join(SHARED, 'audio/references.jsonl')).map((r) => ({
    campaign: String(r.file).replace(/\.wav$/, ''),
    file: String(r.file),
    text: String(r.reference),
  }));
  const scripts = [
    ...ftc.map((r) => ({ campaign: String(r.id), text: String(r.transcript) })),
    ...recordings,
  ];
  const jobs: Job[] = recordings.map((r) => ({
    campaign: r.campaign,
    voice: 'recording',
    wav: join(SHARED, 'audio', r.file),
  }));
  for (const script of scripts) {
    const text = script.text.split(/\s+/).slice(0, words).join(' ');
    for (const [voice, wpm] of CAMPAIGN_VOICES) {
      jobs.push({ campaign: script.campaign, voice: `espeak:${voice}@${wpm}`, text });
    }
  }
  return jobs;
}

async function main() {
  if (!existsSync(join(SHARED, 'eval/train.jsonl')) || !existsSync(join(SHARED, 'audio'))) {
    console.error(`campaigns:build-set: skipped, ${SHARED} (eval/ and audio/) is missing`);
    return;
  }
  const jobs = jobsFor(flag('scripts', Number.MAX_SAFE_INTEGER), flag('words', 120));
  const parallel = flag('jobs', 2);
  const engine = new PocketsphinxTranscriber(loadConfig({}).pocketsphinx);
  await engine.load();
  const started = performance.now();
  const rows: CampaignSetRow[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callshield-campaigns-'));
    try {
      for (let i = next++; i < jobs.length; i = next++) {
        const job = jobs[i]!;
        const [voice, wpm] = job.voice.slice('espeak:'.length).split('@');
        const audio = job.wav
          ? new Uint8Array(readFileSync(job.wav))
          : speak(job.text ?? '', voice!, Number(wpm));
        const pcm = mulawToPcm16k(toPhoneMulaw(audio));
        const t = await engine.transcribe(pcm, {
          signal: AbortSignal.timeout(300_000),
          tmpDir: dir,
        });
        rows[i] = {
          id: `${job.campaign}/${job.voice}`,
          campaign: job.campaign,
          voice: job.voice,
          transcript: t.text,
          engine: `pocketsphinx (${engine.model})`,
        };
        if ((i + 1) % 50 === 0) {
          const s = (performance.now() - started) / 1000;
          console.error(`  ${i + 1}/${jobs.length} after ${s.toFixed(0)} s`);
        }
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
    `campaigns:build-set: ${rows.length} transcripts in ${seconds.toFixed(0)} s ` +
      `(${parallel} decoders), ${kb.toFixed(0)} KB → ${OUT}`,
  );
}

await main();

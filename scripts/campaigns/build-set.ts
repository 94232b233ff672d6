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
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAMPAIGN_SET_PATH } from './cluster-eval';
import { type SetCall, speak, transcribeSet } from './transcribe-set';

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

/** A job as `transcribeSet` takes it: a recording as it is, or a script spoken by espeak-ng. */
function call(job: Job): SetCall {
  const [voice, wpm] = job.voice.slice('espeak:'.length).split('@');
  return {
    campaign: job.campaign,
    voice: job.voice,
    audio: () =>
      job.wav ? new Uint8Array(readFileSync(job.wav)) : speak(job.text ?? '', voice!, Number(wpm)),
  };
}

async function main() {
  if (!existsSync(join(SHARED, 'eval/train.jsonl')) || !existsSync(join(SHARED, 'audio'))) {
    console.error(`campaigns:build-set: skipped, ${SHARED} (eval/ and audio/) is missing`);
    return;
  }
  const jobs = jobsFor(flag('scripts', Number.MAX_SAFE_INTEGER), flag('words', 120));
  await transcribeSet('campaigns:build-set', jobs.map(call), flag('jobs', 2), OUT);
}

await main();

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
import { fileURLToPath } from 'node:url';
import { LEGIT_CALLS, LEGIT_VOICES } from '../bench/asr-legit';
import { LEGIT_SET_PATH } from './cluster-eval';
import { speak, transcribeSet } from './transcribe-set';

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

await transcribeSet(
  'campaigns:build-legit',
  LEGIT_CALLS.flatMap((call) =>
    LEGIT_VOICES.map((voice) => ({
      campaign: call.id,
      voice: `espeak:${voice}@${WPM}`,
      audio: () => speak(call.script, voice, WPM),
    })),
  ),
  jobsFlag(),
  OUT,
);

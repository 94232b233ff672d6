/**
 * `npm run bench -- --only=asr-dev`: detection end to end on generated speech. The first 70
 * words of 40 scam and 40 legitimate `bothbosu_single` rows of dev are spoken by espeak-ng
 * voices, sent down a phone line (8 kHz µ-law), transcribed by pocketsphinx with and without
 * the word-confidence filter, and scored by the local engine. Robotic voices are hard for
 * pocketsphinx, so this measures how transcripts of poor recognition score, not how real
 * calls do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scoreTranscript } from '#core/scoring/index';
import { PocketsphinxTranscriber } from '../../sidecar/src/asr/pocketsphinx';
import { loadConfig } from '../../sidecar/src/config';
import { readRows } from '../lib/dataset';
import { toPhoneMulaw } from './asr-audio';
import { LEGIT_VOICES } from './asr-legit';
import type { BenchSection } from './sidecar';

const PER_LABEL = 40;
const WORDS = 70;
const CONFIDENCES = [0, 0.2];

/** 8 kHz µ-law → 16 kHz PCM, as the sidecar's ffmpeg step does. */
function toPcm16k(mulaw: Uint8Array): Int16Array {
  const args = ['-v', 'error', '-f', 'mulaw', '-ar', '8000', '-ac', '1', '-i', 'pipe:0'];
  args.push('-ar', '16000', '-f', 's16le', 'pipe:1');
  const out = execFileSync('ffmpeg', args, { input: mulaw, maxBuffer: 1 << 28 });
  return new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
}

/** The measurement. */
export async function benchAsrDev(): Promise<BenchSection[]> {
  const rows = (
    await readRows(resolve(import.meta.dirname, '../../../shared/eval/dev.jsonl'))
  ).filter((r) => r.source === 'bothbosu_single');
  const picked = (['scam', 'safe'] as const).flatMap((label) =>
    rows.filter((r) => r.label === label).slice(0, PER_LABEL),
  );
  const engines = await Promise.all(
    CONFIDENCES.map(async (c) => {
      const engine = new PocketsphinxTranscriber({
        ...loadConfig({}).pocketsphinx,
        minWordConfidence: c,
      });
      await engine.load();
      return engine;
    }),
  );
  const counts = CONFIDENCES.map(() => ({ scam: 0, safe: 0 }));
  const scripts = { scam: 0, safe: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'callshield-asr-dev-'));
  try {
    for (const [i, row] of picked.entries()) {
      const text = row.transcript.split(/\s+/).slice(0, WORDS).join(' ');
      const voice = LEGIT_VOICES[i % LEGIT_VOICES.length]!;
      const wav = execFileSync('espeak-ng', ['-v', voice, '-s', '155', '--stdout', text], {
        maxBuffer: 1 << 28,
      });
      const pcm = toPcm16k(toPhoneMulaw(new Uint8Array(wav)));
      if (scoreTranscript(text).verdict !== 'SAFE') scripts[row.label]++;
      for (const [k, engine] of engines.entries()) {
        const t = await engine.transcribe(pcm, {
          signal: AbortSignal.timeout(120_000),
          tmpDir: dir,
        });
        if (t.text.trim() && scoreTranscript(t.text).verdict !== 'SAFE') counts[k]![row.label]++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      title: `Generated dev calls (${PER_LABEL} scam + ${PER_LABEL} legitimate, espeak-ng, µ-law): scored above SAFE`,
      rows: [
        ...CONFIDENCES.map((c, k) => ({
          transcript: `pocketsphinx, ASR_MIN_WORD_CONFIDENCE=${c}`,
          scams: `${counts[k]!.scam}/${PER_LABEL}`,
          legitimate: `${counts[k]!.safe}/${PER_LABEL}`,
        })),
        {
          transcript: 'the script itself',
          scams: `${scripts.scam}/${PER_LABEL}`,
          legitimate: `${scripts.safe}/${PER_LABEL}`,
        },
      ],
    },
  ];
}

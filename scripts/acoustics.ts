/**
 * `npm run acoustics -- <file.wav>…`: the voice measurements of each recording, whole and per
 * 5 s chunk (as a stream would send it), with the acoustic context a `partial_result` carries.
 * The figures in docs/measured.md for the FTC robocalls and espeak-ng come from it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { voiceIndicators } from '#core/acoustic';
import { computeFeatures } from '#core/audio/features';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import type { AcousticFeatures } from '#core/schemas/sidecar-protocol';

/** What the sidecar uses as its silence threshold by default (dBFS). */
const SILENCE_DBFS = -50;
const CHUNK_MS = 5_000;

const show = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));

function line(label: string, f: AcousticFeatures): string {
  const context = voiceIndicators(f);
  return [
    label.padEnd(10),
    `pitch ${show(f.pitch_median_hz, 0).padStart(4)} Hz`,
    `moves ${show(f.pitch_variability_st, 2).padStart(5)} st`,
    `snr ${show(f.snr_db).padStart(5)} dB`,
    `→ vocal_stress ${show(context.vocal_stress, 3)}, background_noise ${show(context.background_noise, 3)}`,
  ].join('  ');
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run acoustics -- <file.wav> [more.wav …]');
  process.exit(2);
}
for (const file of files) {
  const { sampleRate, samples } = decodeWavMono16(new Uint8Array(readFileSync(file)));
  const started = performance.now();
  const whole = computeFeatures(samples, sampleRate, { silenceThresholdDbfs: SILENCE_DBFS });
  const ms = performance.now() - started;
  console.log(
    `${basename(file)} (${(whole.duration_ms / 1000).toFixed(1)} s, features in ${ms.toFixed(0)} ms)`,
  );
  console.log(`  ${line('whole', whole)}`);
  const step = Math.round((sampleRate * CHUNK_MS) / 1000);
  for (let start = 0, i = 1; start < samples.length; start += step, i++) {
    const chunk = samples.subarray(start, start + step);
    const f = computeFeatures(chunk, sampleRate, { silenceThresholdDbfs: SILENCE_DBFS });
    console.log(`  ${line(`chunk ${i}`, f)}`);
  }
}

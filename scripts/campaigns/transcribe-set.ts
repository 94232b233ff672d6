/**
 * What the two campaign fixtures share (build-set.ts, build-legit.ts): each call's audio sent
 * down a phone line (8 kHz µ-law, ffmpeg), transcribed by the sidecar's pocketsphinx engine
 * with its own settings, `parallel` decoders at once, and written as JSONL rows
 * (`CampaignSetRow`, transcripts only) in the order of the calls.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketsphinxTranscriber } from '../../sidecar/src/asr/pocketsphinx';
import { loadConfig } from '../../sidecar/src/config';
import { mulawToPcm16k, toPhoneMulaw } from '../bench/asr-audio';
import type { CampaignSetRow } from './cluster-eval';

/** One call of a set: its campaign, how it was voiced, and its audio (a WAV file's bytes). */
export interface SetCall {
  campaign: string;
  /** `recording`, or `espeak:<voice>@<words a minute>`. */
  voice: string;
  audio: () => Uint8Array;
}

/** A script spoken by espeak-ng: its WAV bytes. */
export function speak(text: string, voice: string, wpm: number): Uint8Array {
  const args = ['-v', voice, '-s', String(wpm), '--stdout', text];
  return new Uint8Array(execFileSync('espeak-ng', args, { maxBuffer: 1 << 28, timeout: 60_000 }));
}

/** Transcribes `calls` and writes them to `out`; `name` is the npm script, for its messages. */
export async function transcribeSet(
  name: string,
  calls: readonly SetCall[],
  parallel: number,
  out: string,
): Promise<void> {
  const engine = new PocketsphinxTranscriber(loadConfig({}).pocketsphinx);
  await engine.load();
  const started = performance.now();
  const rows: CampaignSetRow[] = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callshield-campaigns-'));
    try {
      for (let i = next++; i < calls.length; i = next++) {
        const call = calls[i]!;
        const pcm = mulawToPcm16k(toPhoneMulaw(call.audio()));
        const t = await engine.transcribe(pcm, {
          signal: AbortSignal.timeout(300_000),
          tmpDir: dir,
        });
        rows[i] = {
          id: `${call.campaign}/${call.voice}`,
          campaign: call.campaign,
          voice: call.voice,
          transcript: t.text,
          engine: `pocketsphinx (${engine.model})`,
        };
        if ((i + 1) % 50 === 0) {
          const s = (performance.now() - started) / 1000;
          console.error(`  ${i + 1}/${calls.length} after ${s.toFixed(0)} s`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  writeFileSync(out, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const seconds = (performance.now() - started) / 1000;
  const kb = readFileSync(out).length / 1024;
  console.log(
    `${name}: ${rows.length} transcripts in ${seconds.toFixed(0)} s ` +
      `(${parallel} decoders), ${kb.toFixed(0)} KB → ${out}`,
  );
}

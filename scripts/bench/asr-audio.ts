/**
 * The speech the ASR benches measure: the five real robocalls in ../shared/audio with their
 * reference transcripts, each as sent (16 kHz WAV) and as a phone line delivers it (8 kHz
 * µ-law, as Twilio Media Streams send it; encoded by ffmpeg, decoded by our own G.711 code).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mulawDecode } from '#core/audio/g711';
import { encodeWav16 } from '#core/audio/pcm';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import type { Bytes } from './audio';

const AUDIO_DIR = resolve(import.meta.dirname, '../../../shared/audio');

/** The two ways a call reaches the sidecar. */
export const INPUTS = ['16k', 'mulaw'] as const;
export type InputKind = (typeof INPUTS)[number];

/** One recording, ready to send either way. */
export interface BenchCall {
  name: string;
  reference: string;
  /** 16 kHz mono WAV as recorded. */
  wav16k: Bytes;
  /** Headerless 8 kHz µ-law bytes (send with format=mulaw&sample_rate=8000). */
  mulaw: Bytes;
  /** The µ-law audio decoded back to 8 kHz 16-bit PCM (what the Twilio transport holds). */
  mulawPcm8k: Int16Array;
  /** The recording's 16 kHz samples. */
  pcm16k: Int16Array;
}

/** Sends audio (any format ffmpeg reads) down a phone line: headerless 8 kHz µ-law bytes. */
export function toPhoneMulaw(audio: Uint8Array): Bytes {
  const args = ['-v', 'error', '-i', 'pipe:0', '-ar', '8000', '-ac', '1'];
  args.push('-c:a', 'pcm_mulaw', '-f', 'mulaw', 'pipe:1');
  const out = execFileSync('ffmpeg', args, {
    input: audio,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return new Uint8Array(out);
}

/** Headerless 8 kHz µ-law → 16 kHz PCM, as the sidecar's ffmpeg step decodes a phone call. */
export function mulawToPcm16k(mulaw: Uint8Array): Int16Array {
  const args = ['-v', 'error', '-f', 'mulaw', '-ar', '8000', '-ac', '1', '-i', 'pipe:0'];
  args.push('-ar', '16000', '-f', 's16le', 'pipe:1');
  const out = execFileSync('ffmpeg', args, { input: mulaw, maxBuffer: 1 << 28, timeout: 60_000 });
  return new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
}

/** The recordings with references, or null (with the reason) when ../shared/audio is absent. */
export function loadBenchCalls(): { calls: BenchCall[] } | { missing: string } {
  const refs = resolve(AUDIO_DIR, 'references.jsonl');
  if (!existsSync(refs)) return { missing: `${refs} is missing` };
  const calls: BenchCall[] = [];
  for (const line of readFileSync(refs, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { file, reference } = JSON.parse(line) as { file: string; reference: string };
    const wav16k = new Uint8Array(readFileSync(resolve(AUDIO_DIR, file)));
    const mulaw = toPhoneMulaw(wav16k);
    calls.push({
      name: file.replace(/\.wav$/, ''),
      reference,
      wav16k,
      mulaw,
      mulawPcm8k: mulawDecode(mulaw),
      pcm16k: decodeWavMono16(wav16k).samples,
    });
  }
  return { calls };
}

/** The call as 5 s (or `chunkMs`) WAV chunks, the way a live stream delivers it. */
export function liveChunks(call: BenchCall, input: InputKind, chunkMs: number): Bytes[] {
  return input === '16k'
    ? pcmChunks(call.pcm16k, 16_000, chunkMs)
    : pcmChunks(call.mulawPcm8k, 8_000, chunkMs);
}

/** PCM cut into `chunkMs` WAV chunks (the last one shorter). */
export function pcmChunks(pcm: Int16Array, rate: number, chunkMs: number): Bytes[] {
  const size = Math.round((rate * chunkMs) / 1000);
  const chunks: Bytes[] = [];
  for (let at = 0; at < pcm.length; at += size) {
    chunks.push(new Uint8Array(encodeWav16(pcm.subarray(at, at + size), rate)));
  }
  return chunks;
}

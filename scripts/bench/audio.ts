/**
 * The speech the benches send over `/ws/stream` (the shared robocall, else espeak-ng), cut
 * into WAV frames. The socket itself is scripts/lib/stream-socket.ts, shared with the tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeWav16 } from '#core/audio/pcm';
import { decodeWavMono16 } from '#core/audio/wav-reader';

const ROBOCALL = resolve(import.meta.dirname, '../../../shared/audio/amazon_scam_robocall.wav');
const RATE = 16_000;

/** Bytes that fetch and WebSocket accept as a body/frame. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A 16 kHz mono 16-bit PCM WAV file: the frame the stream protocol expects per chunk. */
export function wavBytes(pcm: Int16Array): Bytes {
  return new Uint8Array(encodeWav16(pcm, RATE));
}

/** 16 kHz mono 16-bit speech to cut chunks from, and the whole file as sent. */
export interface BenchAudio {
  label: string;
  note?: string;
  wav: Bytes;
  pcm: Int16Array;
  cleanup: () => void;
}

/** `seconds` of audio from `startS` (wrapping around the end), as a WAV chunk. */
export function cutWav(audio: BenchAudio, startS: number, seconds: number): Bytes {
  const n = Math.round(seconds * RATE);
  const from = Math.round(startS * RATE) % audio.pcm.length;
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = audio.pcm[(from + i) % audio.pcm.length] as number;
  return wavBytes(pcm);
}

/** The samples of a 16 kHz WAV, mixed to mono 16-bit. */
function pcmOf(wav: Uint8Array): Int16Array {
  const { sampleRate, samples } = decodeWavMono16(wav);
  if (sampleRate !== RATE) throw new Error(`bench audio must be ${RATE} Hz (got ${sampleRate})`);
  return samples;
}

/** The shared robocall, or espeak-ng speech when ../shared is absent (with a note saying so). */
export function loadBenchAudio(): BenchAudio {
  if (existsSync(ROBOCALL)) {
    const wav = new Uint8Array(readFileSync(ROBOCALL));
    return { label: 'amazon_scam_robocall.wav', wav, pcm: pcmOf(wav), cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'callshield-bench-'));
  const raw = join(dir, 'speech.wav');
  const file = join(dir, 'speech-16k.wav');
  const text =
    'This is the fraud department of your bank. We saw a suspicious payment on your card. Press one now, and have your account number and the code we text you ready. ';
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, text.repeat(4)]);
  execFileSync('sox', [raw, '-r', String(RATE), '-c', '1', '-b', '16', file]);
  const wav = new Uint8Array(readFileSync(file));
  return {
    label: `espeak-ng speech in ${dir}`,
    note: 'note: ../shared/audio is absent, so figures are for synthetic espeak-ng speech, not a real call',
    wav,
    pcm: pcmOf(wav),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

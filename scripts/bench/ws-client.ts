/**
 * A small client for the `/ws/stream` protocol on Node 22's global `WebSocket`: WAV frames
 * out, validated server messages in, each stamped with its arrival time before parsing so
 * round-trip figures do not include the client's own JSON and zod work. Also the speech the
 * benches send (the shared robocall, else espeak-ng), cut into WAV frames.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeWav16 } from '#core/audio/pcm';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import { type ServerMessage, ServerMessageSchema } from '#core/schemas/stream-protocol';

const ROBOCALL = resolve(import.meta.dirname, '../../../shared/audio/amazon_scam_robocall.wav');
const RATE = 16_000;

/** Bytes that fetch and WebSocket accept as a body/frame. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A server message and when it arrived (`performance.now()`). */
export interface Received {
  at: number;
  message: ServerMessage;
}

/** An open stream socket. */
export interface StreamSocket {
  /** Every valid server message so far, in arrival order. */
  readonly received: readonly Received[];
  /** Frames that were not valid server messages (a wire-contract break worth reporting). */
  invalid(): number;
  /** Sends a frame; returns the time it was handed to the socket. */
  send(frame: Bytes | string): number;
  /** First message (already received or still to come) matching `match`; null at `deadline` or close. */
  waitFor(match: (m: ServerMessage) => boolean, deadline: number): Promise<Received | null>;
  /** The close code once closed, else null. */
  closeCode(): number | null;
  close(): void;
}

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

/**
 * Opens `url`, resolving once the server's `connected` message has arrived; rejects if that
 * takes longer than `timeoutMs` or the socket closes first.
 */
export async function openStreamSocket(url: string, timeoutMs: number): Promise<StreamSocket> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const received: Received[] = [];
  let invalid = 0;
  let code: number | null = null;
  let wakers: Array<() => void> = [];
  const wake = () => {
    const pending = wakers;
    wakers = [];
    for (const w of pending) w();
  };
  ws.addEventListener('message', (event: MessageEvent) => {
    const at = performance.now();
    let json: unknown;
    try {
      json = typeof event.data === 'string' ? JSON.parse(event.data) : undefined;
    } catch {
      json = undefined;
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (parsed.success) received.push({ at, message: parsed.data });
    else invalid++;
    wake();
  });
  ws.addEventListener('close', (event: CloseEvent) => {
    code = event.code;
    wake();
  });
  // An 'error' event is always followed by 'close', which is what waiters watch.
  ws.addEventListener('error', () => {});

  const waitFor: StreamSocket['waitFor'] = (match, deadline) =>
    new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (hit: Received | null) => {
        done = true;
        clearTimeout(timer);
        resolve(hit);
      };
      const check = () => {
        if (done) return;
        const hit = received.find((r) => match(r.message));
        if (hit) return finish(hit);
        if (code !== null || performance.now() >= deadline) return finish(null);
        wakers.push(check);
      };
      timer = setTimeout(
        () => finish(received.find((r) => match(r.message)) ?? null),
        Math.max(0, deadline - performance.now()),
      );
      check();
    });

  const socket: StreamSocket = {
    received,
    invalid: () => invalid,
    send(frame) {
      const at = performance.now();
      ws.send(frame);
      return at;
    },
    waitFor,
    closeCode: () => code,
    close() {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN)
        ws.close(1000, 'bench done');
    },
  };
  const connected = await waitFor((m) => m.type === 'connected', performance.now() + timeoutMs);
  if (!connected) {
    socket.close();
    throw new Error(`no 'connected' from ${url} within ${timeoutMs} ms (close code ${code})`);
  }
  return socket;
}

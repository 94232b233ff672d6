/**
 * A Twilio stand-in for tests and the bench: it places a call the way Twilio does — the voice
 * webhook POSTed with `X-Twilio-Signature` made by the official `twilio` package — then opens
 * the media socket the TwiML names (signed the same way) and plays a WAV file into it as 20 ms
 * frames of 8 kHz µ-law, with Media Streams' real message shapes. It records what comes back
 * (media, marks, clears) and answers marks the way Twilio does once the audio before them has
 * played. Pacing goes through an injectable clock, so tests need not wait in real time.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import twilio from 'twilio';

const run = promisify(execFile);

/** 20 ms of 8 kHz µ-law. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
/** Unsent bytes a sender lets pile up on its socket before it waits: about 5 s of frames. */
const MAX_BUFFERED_BYTES = 64 * 1024;

/** What pacing waits on. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Real time: frames go out every 20 ms, as from a phone call. */
export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Real time, with a head start: frames go out as fast as the socket takes them until they are
 * `leadMs` ahead of real time, then every 20 ms. Tests send a call faster than it lasts this
 * way, and stay within how far ahead of the clock the server lets a call's audio run
 * (`TWILIO_MEDIA_BURST_MS`, 10 s by default).
 */
export function aheadClock(leadMs: number): Clock {
  return { now: realClock.now, sleep: (ms) => realClock.sleep(ms - leadMs) };
}

/**
 * No waiting: frames go out as fast as the socket takes them. The server takes a call's first
 * seconds this way (`TWILIO_MEDIA_BURST_MS`), and refuses a longer one (close 4029).
 */
export const instantClock: Clock = {
  now: () => 0,
  sleep: () => new Promise((resolve) => setImmediate(resolve)),
};

/** A random Twilio SID with `prefix`. */
export function sid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Any audio file ffmpeg reads, as the 8 kHz µ-law a phone line carries. */
export async function phoneAudio(file: string): Promise<Uint8Array> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-ac', '1', '-ar', '8000', '-f', 'mulaw', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
  );
  return new Uint8Array(stdout);
}

/** One `media` event's fields before they are sent (tests reorder, drop or repeat these). */
export interface Frame {
  chunk: number;
  timestamp: number;
  payload: Uint8Array;
}

/** Cuts µ-law audio into 20 ms frames numbered as Twilio numbers them. */
export function framesOf(mulaw: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i * FRAME_BYTES < mulaw.length; i++) {
    frames.push({
      chunk: i + 1,
      timestamp: i * FRAME_MS,
      payload: mulaw.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES),
    });
  }
  return frames;
}

/** The account and call a simulated call is placed with. */
export interface CallOptions {
  /** The Worker's origin, as published (PUBLIC_BASE_URL). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  to: string;
  from?: string;
  callSid?: string;
}

/** What the voice webhook answered. */
export interface VoiceAnswer {
  status: number;
  body: string;
  /** The `<Stream>` the TwiML names, when it names one. */
  stream: { url: string; parameters: Record<string, string>; verb: 'Start' | 'Connect' } | null;
}

/** POSTs the voice webhook; `signature` replaces the real one (null: none at all). */
export async function placeCall(
  call: CallOptions,
  options: { signature?: string | null; extra?: Record<string, string> } = {},
): Promise<VoiceAnswer & { callSid: string }> {
  const callSid = call.callSid ?? sid('CA');
  const params: Record<string, string> = {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: call.from ?? '+15005550001',
    To: call.to,
    ...options.extra,
  };
  const url = `${call.baseUrl}/twilio/voice`;
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(call.authToken, url, params)
      : options.signature;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
  });
  const body = await res.text();
  return { status: res.status, body, stream: streamOf(body), callSid };
}

/** The `<Stream>` of a TwiML document (a tiny reader: TwiML here is ours, one line). */
export function streamOf(twiml: string): VoiceAnswer['stream'] {
  const stream = /<(Start|Connect)><Stream url="([^"]+)"[^>]*>(.*?)<\/Stream>/.exec(twiml);
  if (!stream) return null;
  const unxml = (s: string) =>
    s
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  const parameters: Record<string, string> = {};
  for (const p of (stream[3] ?? '').matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g))
    parameters[unxml(p[1] ?? '')] = unxml(p[2] ?? '');
  return { verb: stream[1] as 'Start' | 'Connect', url: unxml(stream[2] ?? ''), parameters };
}

/** A message the server sent on the media socket. */
export interface Outbound {
  at: number;
  event: string;
  media?: { payload: string };
  mark?: { name: string };
}

/** One open Media Stream. */
export class MediaStream {
  readonly received: Outbound[] = [];
  closed: { code: number; reason: string } | null = null;
  private sequence = 0;
  private wakers: (() => void)[] = [];
  readonly streamSid = sid('MZ');

  private constructor(
    private readonly ws: WebSocket,
    readonly callSid: string,
    private readonly accountSid: string,
  ) {
    ws.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as Outbound;
        this.received.push({ ...message, at: performance.now() });
        // Twilio echoes a mark once the audio sent before it has played.
        if (message.event === 'mark' && message.mark)
          this.send({ event: 'mark', streamSid: this.streamSid, mark: message.mark });
      } catch {
        this.received.push({ at: performance.now(), event: 'unparseable' });
      }
      this.wake();
    });
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
    ws.addEventListener('error', () => {});
  }

  /**
   * Opens the socket at `url` with Twilio's signature over it (`signature` replaces it; null
   * sends none). Resolves with the stream, or rejects with the HTTP status of a refused upgrade.
   */
  static async open(
    url: string,
    call: { authToken: string; accountSid: string; callSid: string },
    signature?: string | null,
  ): Promise<MediaStream> {
    const sig =
      signature === undefined
        ? twilio.getExpectedTwilioSignature(call.authToken, url, {})
        : signature;
    // Node's WebSocket (undici) takes an options object with headers; the DOM types don't say so.
    const init = { headers: sig === null ? {} : { 'X-Twilio-Signature': sig } };
    const ws = new WebSocket(url, init as unknown as string[]);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('the media socket was refused')), {
        once: true,
      });
    });
    return new MediaStream(ws, call.callSid, call.accountSid);
  }

  /** Sends one JSON message (or a raw text frame, for malformed input). */
  send(message: object | string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private seq(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  /** `connected` then `start`, as Twilio opens every stream. */
  begin(
    parameters: Record<string, string>,
    tracks: ('inbound' | 'outbound')[] = ['inbound'],
  ): void {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      start: {
        accountSid: this.accountSid,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks,
        customParameters: parameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
  }

  /** One `media` event. */
  media(frame: Frame): void {
    this.send({
      event: 'media',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      media: {
        track: 'inbound',
        chunk: String(frame.chunk),
        timestamp: String(frame.timestamp),
        payload: Buffer.from(frame.payload).toString('base64'),
      },
    });
  }

  /**
   * Plays `frames` paced by `clock`: frame i leaves at start + 20·i ms, without drift. Like a
   * real sender it waits while the socket has more than MAX_BUFFERED_BYTES unsent, so a
   * server that closes the socket is heard at once, not after megabytes queued behind it.
   */
  async play(frames: Frame[], clock: Clock): Promise<void> {
    const start = clock.now();
    for (let i = 0; i < frames.length; i++) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.media(frames[i] as Frame);
      await clock.sleep(start + (i + 1) * FRAME_MS - clock.now());
      while (this.ws.bufferedAmount > MAX_BUFFERED_BYTES && this.ws.readyState === WebSocket.OPEN)
        await clock.sleep(0);
    }
  }

  /** A `dtmf` event. */
  dtmf(digit: string): void {
    this.send({
      event: 'dtmf',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      dtmf: { track: 'inbound_track', digit },
    });
  }

  /** `stop`: the caller hung up. */
  stop(): void {
    this.send({
      event: 'stop',
      sequenceNumber: this.seq(),
      streamSid: this.streamSid,
      stop: { accountSid: this.accountSid, callSid: this.callSid },
    });
  }

  /** Drops the connection without a `stop` (a vanished socket). */
  drop(): void {
    this.ws.close(4000, 'gone');
  }

  /** Waits (bounded) until the server closes the socket. */
  async waitClosed(timeoutMs: number): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the media socket to close');
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.closed;
  }

  /** Waits (bounded) until a message matching `match` has arrived. */
  async waitFor(match: (m: Outbound) => boolean, timeoutMs: number): Promise<Outbound> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(match);
      if (hit) return hit;
      if (Date.now() > deadline || this.closed)
        throw new Error(`timed out waiting for a message; got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  }

  private wake(): void {
    const pending = this.wakers;
    this.wakers = [];
    for (const w of pending) w();
  }
}

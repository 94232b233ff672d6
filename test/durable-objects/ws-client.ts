import { env, exports } from 'cloudflare:workers';
import { encodeWav16 } from '#core/audio/pcm';
import { fromBase64 as decodeBase64 } from '#core/encoding';
import type { ServerMessage } from '#core/schemas/stream-protocol';

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A test client for `/ws/stream` that collects server messages and lets tests await them. */
export class StreamClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      this.messages.push(JSON.parse(String(event.data)) as ServerMessage);
      this.wake();
    });
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  /** Opens a stream (optionally resuming one) through the Worker's route. */
  static async open(query = ''): Promise<StreamClient> {
    return StreamClient.accept(
      await exports.default.fetch(
        new Request(`http://edge.test/ws/stream${query}`, { headers: { Upgrade: 'websocket' } }),
      ),
    );
  }

  /** Takes the socket of an upgrade response (a stream opened some other way, e.g. with a key). */
  static async accept(res: Response): Promise<StreamClient> {
    if (res.status !== 101 || !res.webSocket)
      throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    const client = new StreamClient(res.webSocket);
    await client.next('connected');
    return client;
  }

  get streamId(): string {
    return this.all('connected')[0]?.stream_id ?? '';
  }

  /** The stub of this stream's CallSession. */
  get stub() {
    return env.CALL_SESSION.getByName(this.streamId);
  }

  all<T extends ServerMessage['type']>(type: T): ByType<T>[] {
    return this.messages.filter((m): m is ByType<T> => m.type === type);
  }

  /** Waits until `count` messages of `type` have arrived (bounded by `timeoutMs`). */
  async next<T extends ServerMessage['type']>(
    type: T,
    count = 1,
    timeoutMs = 20_000,
  ): Promise<ByType<T>> {
    const deadline = Date.now() + timeoutMs;
    while (this.all(type).length < count) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${count} × ${type}; got ${this.summary()}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.all(type)[count - 1] as ByType<T>;
  }

  /** Waits for the socket to close. */
  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('timed out waiting for close');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.closed;
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    this.ws.send(data);
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  private summary(): string {
    return this.messages.map((m) => m.type).join(',') || 'nothing';
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A WAV chunk of digital silence. */
export function silentChunk(ms = 500, sampleRate = 16_000): Uint8Array {
  return encodeWav16(new Int16Array(Math.round((sampleRate * ms) / 1000)), sampleRate);
}

/** One second of a loud tone at `rate`: loud enough to be sent for transcription. */
export function toneChunk(rate: number): Uint8Array {
  const samples = new Int16Array(rate);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(10_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return encodeWav16(samples, rate);
}

/** Decodes a base64 fixture provided by the global setup (typed as any bytes, as tests take them). */
export const fromBase64: (b64: string) => Uint8Array = decodeBase64;

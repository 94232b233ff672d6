import { env, exports } from 'cloudflare:workers';
import { encodeWav16 } from '#core/audio/pcm';
import { fromBase64 as decodeBase64 } from '#core/encoding';
import { StreamSocket } from '../../scripts/lib/stream-socket';

/** The `/ws/stream` test client (scripts/lib/stream-socket.ts), opened through the Worker. */
export class StreamClient extends StreamSocket {
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

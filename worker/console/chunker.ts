/**
 * Cuts a stream of 16 kHz samples into WAV chunks the way CallShield's client does: the first
 * chunk short (2 s) so a verdict starts forming quickly, then 5 s each so the recogniser gets
 * whole phrases.
 */
import { MIN_TAIL_MS } from '#core/audio/call-windows';
import { encodeWav16, float32ToPcm16 } from '#core/audio/pcm';
import { SAMPLE_RATE } from './recorder-protocol';

export const FIRST_CHUNK_SECONDS = 2;
export const NEXT_CHUNK_SECONDS = 5;
/**
 * A trailing piece shorter than this is dropped on stop: too short to hold a word. The server
 * leaves out a phone call's last piece by the same measure.
 */
export const MIN_TAIL_SECONDS = MIN_TAIL_MS / 1000;

/** A chunk's number in the call (from 1, as the server counts) and its length. */
export interface ChunkInfo {
  index: number;
  seconds: number;
}

/** Accumulates samples and emits each complete chunk as a WAV file through `onChunk`. */
export class Chunker {
  private parts: Float32Array[] = [];
  private buffered = 0;
  private emitted = 0;

  constructor(
    private readonly onChunk: (wav: ArrayBuffer, info: ChunkInfo) => void,
    private readonly sampleRate = SAMPLE_RATE,
  ) {}

  /** Samples the next chunk needs before it is sent. */
  private get target(): number {
    const seconds = this.emitted === 0 ? FIRST_CHUNK_SECONDS : NEXT_CHUNK_SECONDS;
    return seconds * this.sampleRate;
  }

  /** Adds samples, emitting every chunk they complete. */
  push(samples: Float32Array): void {
    let rest = samples;
    while (rest.length > 0) {
      const take = Math.min(rest.length, this.target - this.buffered);
      this.parts.push(rest.subarray(0, take));
      this.buffered += take;
      rest = rest.subarray(take);
      if (this.buffered === this.target) this.emit();
    }
  }

  /**
   * Emits the partial chunk if it is long enough to be worth scoring.
   * @returns whether a chunk was emitted
   */
  flush(): boolean {
    if (this.buffered < MIN_TAIL_SECONDS * this.sampleRate) return false;
    this.emit();
    return true;
  }

  private emit(): void {
    const samples = new Float32Array(this.buffered);
    let offset = 0;
    for (const part of this.parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    this.parts = [];
    this.buffered = 0;
    this.emitted += 1;
    // The server's own WAV writer (core/audio), so both ends agree on the format.
    const wav = encodeWav16(float32ToPcm16(samples), this.sampleRate);
    this.onChunk(wav.buffer, {
      index: this.emitted,
      seconds: samples.length / this.sampleRate,
    });
  }
}

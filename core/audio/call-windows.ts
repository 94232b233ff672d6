/**
 * Cuts a phone call's in-order µ-law audio into fixed windows of 16-bit PCM WAV, the unit the
 * stream pipeline scores. Holds at most one window of samples.
 */
import { mulawDecodeSample } from './g711';
import { encodeWav16 } from './pcm';

/** Telephone audio: 8 kHz. */
export const PHONE_SAMPLE_RATE = 8_000;

/**
 * The shortest last piece of a call worth scoring: half a second, about one short word. A
 * shorter tail holds nothing a recogniser could hear, and would only add a window to the call.
 * (The console's chunker drops a shorter tail too: worker/console/chunker.ts.)
 */
export const MIN_TAIL_MS = 500;

export class CallWindows {
  private readonly samples: Int16Array;
  private filled = 0;

  /** @param windowMs how much audio each window holds (5 s for live calls) */
  constructor(readonly windowMs: number) {
    this.samples = new Int16Array((windowMs * PHONE_SAMPLE_RATE) / 1000);
  }

  /** Adds µ-law bytes; returns the WAV of every window they completed. */
  add(mulaw: Uint8Array): Uint8Array[] {
    const done: Uint8Array[] = [];
    for (let i = 0; i < mulaw.length; i++) {
      this.samples[this.filled++] = mulawDecodeSample(mulaw[i] as number);
      if (this.filled === this.samples.length) {
        done.push(encodeWav16(this.samples, PHONE_SAMPLE_RATE));
        this.filled = 0;
      }
    }
    return done;
  }

  /** The part window left at the end of the call; null when it holds under `minMs`. */
  rest(minMs: number): Uint8Array | null {
    const held = this.filled;
    this.filled = 0;
    if (held === 0 || (held * 1000) / PHONE_SAMPLE_RATE < minMs) return null;
    return encodeWav16(this.samples.subarray(0, held), PHONE_SAMPLE_RATE);
  }

  /** Milliseconds of audio waiting for its window to fill. */
  get pendingMs(): number {
    return (this.filled * 1000) / PHONE_SAMPLE_RATE;
  }
}

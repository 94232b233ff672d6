import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import { decodeWavMono16 } from '#core/audio/wav-reader';
import { chunkWindow } from '#core/transcript/window';

/** A WAV of `ms` milliseconds whose every sample is `value` (so the test can see the joins). */
const wav = (ms: number, value: number, rate = 8000): Uint8Array =>
  encodeWav16(new Int16Array((rate * ms) / 1000).fill(value), rate);

describe('chunkWindow', () => {
  it('prepends the trailing context from earlier chunks and says where the window starts', () => {
    const earlier = [wav(5000, 1), wav(5000, 2), wav(5000, 3)];
    const w = chunkWindow(earlier, wav(5000, 4), { maxContextMs: 12_000, chunkStartMs: 15_000 })!;
    expect(w.contextMs).toBe(12_000);
    expect(w.offsetMs).toBe(3_000);
    const { sampleRate, samples } = decodeWavMono16(w.wav);
    expect(sampleRate).toBe(8000);
    expect(samples.length).toBe(8 * 17_000);
    // 2 s of chunk 1, all of chunks 2 and 3, then the new chunk.
    expect([samples[0], samples[8 * 2000], samples[8 * 7000], samples[8 * 12_000]]).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('sends the first chunk alone, and takes only the context there is', () => {
    expect(chunkWindow([], wav(5000, 1), { maxContextMs: 15_000, chunkStartMs: 0 })).toMatchObject({
      contextMs: 0,
      offsetMs: 0,
    });
    const w = chunkWindow([wav(5000, 1)], wav(5000, 2), {
      maxContextMs: 15_000,
      chunkStartMs: 5_000,
    })!;
    expect(w).toMatchObject({ contextMs: 5_000, offsetMs: 0 });
  });

  it('stops the context at a chunk of another rate or an unreadable one', () => {
    const earlier = [wav(5000, 1), wav(5000, 2, 16_000), new Uint8Array([1, 2, 3]), wav(5000, 3)];
    const w = chunkWindow(earlier, wav(5000, 4), { maxContextMs: 15_000, chunkStartMs: 20_000 })!;
    expect(w).toMatchObject({ contextMs: 5_000, offsetMs: 15_000 });
  });

  it('returns null when the chunk is not a WAV', () => {
    expect(
      chunkWindow([], new Uint8Array([82, 73, 70, 70]), { maxContextMs: 0, chunkStartMs: 0 }),
    ).toBeNull();
  });
});

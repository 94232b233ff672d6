/**
 * Goertzel single-bin DFT. Cheaper than an FFT when only a handful of frequencies matter,
 * which is exactly the DTMF case (8 tones).
 */

/**
 * Power of `frequency` in `samples[start, start + length)`, normalised so that a full-block
 * sine of amplitude A yields A² / 2 (its mean power). Comparable across block sizes.
 */
export function goertzelPower(
  samples: ArrayLike<number>,
  start: number,
  length: number,
  frequency: number,
  sampleRate: number,
): number {
  const coeff = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  const end = Math.min(samples.length, start + length);
  for (let i = start; i < end; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const n = end - start;
  if (n <= 0) return 0;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * power) / (n * n);
}

/** Mean power (mean of squares) of a block, in the same units as {@link goertzelPower}. */
export function blockPower(samples: ArrayLike<number>, start: number, length: number): number {
  const end = Math.min(samples.length, start + length);
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
  const n = end - start;
  return n > 0 ? sum / n : 0;
}

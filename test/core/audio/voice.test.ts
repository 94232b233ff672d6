import { describe, expect, it } from 'vitest';
import { computeFeatures } from '#core/audio/features';
import { framePitch } from '#core/audio/voice';
import { mix, noise, toPcm16 } from '../../fixtures/synth';

const RATE = 16_000;

/**
 * A voiced sound: a fundamental and four harmonics falling off, like a vowel. `pitch(t)` gives
 * the fundamental (Hz) at time t (s), so a glide can be drawn.
 */
function voice(ms: number, pitch: (t: number) => number, amp = 0.2): Float64Array {
  const n = Math.round((RATE * ms) / 1000);
  const out = new Float64Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    phase += (2 * Math.PI * pitch(i / RATE)) / RATE;
    let v = 0;
    for (let h = 1; h <= 5; h++) v += Math.sin(h * phase) / h;
    out[i] = v * amp * 32767;
  }
  return out;
}

const features = (samples: Int16Array) =>
  computeFeatures(samples, RATE, { silenceThresholdDbfs: -50 });

describe('framePitch', () => {
  it.each([90, 150, 240, 380])('finds a %i Hz voice within 2 %', (f0) => {
    const x = Float64Array.from(voice(200, () => f0));
    const found = framePitch(x, 400, RATE);
    expect(found).not.toBeNull();
    expect(Math.abs((found ?? 0) - f0) / f0).toBeLessThan(0.02);
  });

  it('finds no pitch in noise', () => {
    const x = Float64Array.from(noise(200, RATE, 0.1));
    expect(framePitch(x, 400, RATE)).toBeNull();
  });
});

describe('voice measurements in the features', () => {
  it('measure a steady voice: its pitch, no movement, a clean line', () => {
    const f = features(
      toPcm16(
        new Float64Array(RATE / 2),
        voice(2_000, () => 120),
      ),
    );
    expect(f.pitch_median_hz).toBeCloseTo(120, -1);
    expect(f.pitch_variability_st).toBeLessThan(0.3);
    expect(f.voiced_ms).toBeGreaterThan(1_500);
    // Digital silence under it: the speech stands far above the floor.
    expect(f.snr_db).toBeGreaterThan(60);
  });

  it('measure a voice that glides an octave as moving several semitones', () => {
    // Speech has pauses: the quiet before it is what the noise floor is measured on.
    const glide = voice(2_000, (t) => 110 * 2 ** (t / 2));
    const f = features(toPcm16(new Float64Array(RATE / 2), glide));
    // Uniform over 12 semitones: σ ≈ 3.5; the robust spread reads about that.
    expect(f.pitch_variability_st).toBeGreaterThan(2.5);
    expect(f.pitch_variability_st).toBeLessThan(4.5);
  });

  it('measure a noisy line: speech barely above the noise', () => {
    const loud = mix(
      voice(2_000, () => 150, 0.1),
      noise(2_000, RATE, 0.01),
    );
    const quiet = mix(
      voice(2_000, () => 150, 0.1),
      noise(2_000, RATE, 0.0001),
    );
    const noisy = features(toPcm16(noise(500, RATE, 0.01, 3), loud));
    const clean = features(toPcm16(noise(500, RATE, 0.0001, 3), quiet));
    expect(noisy.snr_db).not.toBeNull();
    expect(noisy.snr_db!).toBeLessThan(clean.snr_db! - 20);
  });

  it('say nothing (null) about audio without a voice', () => {
    const f = features(toPcm16(noise(2_000, RATE, 0.001)));
    expect(f.pitch_median_hz).toBeNull();
    expect(f.pitch_variability_st).toBeNull();
    expect(f.voiced_ms).toBe(0);
    const silent = features(new Int16Array(RATE));
    expect([silent.snr_db, silent.loudness_variability_db]).toEqual([null, null]);
  });
});

import { describe, expect, it } from 'vitest';
import { detectDtmf, detectDtmfBlock } from '#core/audio/dtmf';
import { goertzelPower } from '#core/audio/goertzel';
import { DTMF_FREQS, dtmfSequence, mix, noise, tones, toPcm16 } from '../../fixtures/synth';

describe('goertzelPower', () => {
  it('measures the mean power of a sine at its frequency and little elsewhere', () => {
    const s = toPcm16(tones([1000], 50, 8000, 0.5));
    const expected = (0.5 * 32767) ** 2 / 2;
    expect(goertzelPower(s, 0, s.length, 1000, 8000) / expected).toBeCloseTo(1, 1);
    expect(goertzelPower(s, 0, s.length, 1400, 8000) / expected).toBeLessThan(0.01);
  });
});

describe('detectDtmfBlock', () => {
  it.each(Object.keys(DTMF_FREQS))('recognises key %s at 8 kHz and 16 kHz', (key) => {
    for (const rate of [8000, 16000]) {
      const s = toPcm16(tones(DTMF_FREQS[key]!, 40, rate));
      expect(detectDtmfBlock(s, 0, Math.round(rate * 0.025), rate)).toBe(key);
    }
  });

  it('rejects a single tone, white noise and a quiet pair', () => {
    expect(detectDtmfBlock(toPcm16(tones([697], 40, 8000)), 0, 200, 8000)).toBeNull();
    expect(detectDtmfBlock(toPcm16(noise(40, 8000, 0.2)), 0, 200, 8000)).toBeNull();
    expect(detectDtmfBlock(toPcm16(tones([697, 1209], 40, 8000, 0.001)), 0, 200, 8000)).toBeNull();
  });

  it('rejects a chord whose tones are not DTMF pairs (speech-like harmonics)', () => {
    const s = toPcm16(tones([220, 440, 660, 880, 1100, 1320], 40, 8000, 0.1));
    expect(detectDtmfBlock(s, 0, 200, 8000)).toBeNull();
  });
});

describe('detectDtmf', () => {
  it('finds "159#" in order with times, 100 ms tones and 100 ms gaps', () => {
    const rate = 16000;
    const lead = new Float64Array(rate / 2);
    const digits = detectDtmf(toPcm16(lead, ...dtmfSequence('159#', rate)), rate);
    expect(digits.map((d) => d.digit).join('')).toBe('159#');
    digits.forEach((d, i) => {
      expect(Math.abs(d.start_ms - (500 + i * 200))).toBeLessThanOrEqual(25);
      expect(Math.abs(d.end_ms - (600 + i * 200))).toBeLessThanOrEqual(25);
    });
  });

  it('separates repeated presses of the same key', () => {
    const digits = detectDtmf(toPcm16(...dtmfSequence('11', 8000, 80, 60)), 8000);
    expect(digits.map((d) => d.digit)).toEqual(['1', '1']);
  });

  it('still hears digits under noise at 10 dB SNR but nothing in the noise alone', () => {
    const rate = 8000;
    const signal = toPcm16(...dtmfSequence('0*', rate));
    const n = noise((signal.length * 1000) / rate, rate, 0.25 / Math.sqrt(10), 7);
    const noisy = toPcm16(mix(Float64Array.from(signal), n));
    expect(detectDtmf(noisy, rate).map((d) => d.digit)).toEqual(['0', '*']);
    expect(detectDtmf(toPcm16(noise(2000, rate, 0.3, 3)), rate)).toEqual([]);
  });

  it('ignores tone bursts shorter than 40 ms', () => {
    expect(detectDtmf(toPcm16(...dtmfSequence('5', 8000, 20, 100)), 8000)).toEqual([]);
  });
});

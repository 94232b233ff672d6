import { describe, expect, it } from 'vitest';
import { computeFeatures, frameLevels } from '#core/audio/features';
import { encodeWav16, pcm16FromBytes, ratioToDbfs } from '#core/audio/pcm';
import { findTrimBounds } from '#core/audio/trim';
import { noise, tones, toPcm16 } from '../../fixtures/synth';

const RATE = 16000;
const silence = (ms: number): Float64Array => new Float64Array((RATE * ms) / 1000);
const opts = { thresholdDbfs: -50, minSilenceMs: 100 };

describe('findTrimBounds', () => {
  it('finds a tone padded with 1.3 s before and 0.7 s after to the sample', () => {
    const s = toPcm16(silence(1300), tones([440], 1000, RATE), silence(700));
    const b = findTrimBounds(s, RATE, opts);
    expect(Math.abs(b.start - 1.3 * RATE)).toBeLessThanOrEqual(RATE * 0.005);
    expect(Math.abs(b.end - 2.3 * RATE)).toBeLessThanOrEqual(RATE * 0.005);
  });

  it('ignores background noise below the threshold', () => {
    const s = toPcm16(
      noise(500, RATE, 0.0005),
      tones([300], 200, RATE),
      noise(500, RATE, 0.0005, 2),
    );
    const b = findTrimBounds(s, RATE, opts);
    expect(Math.abs(b.start - 0.5 * RATE)).toBeLessThan(RATE * 0.01);
    expect(Math.abs(b.end - 0.7 * RATE)).toBeLessThan(RATE * 0.01);
  });

  it('keeps silences shorter than minSilenceMs and reports all-silence as empty', () => {
    const s = toPcm16(silence(50), tones([440], 300, RATE), silence(50));
    expect(findTrimBounds(s, RATE, opts)).toEqual({ start: 0, end: s.length });
    expect(findTrimBounds(toPcm16(silence(500)), RATE, opts)).toEqual({ start: 0, end: 0 });
    expect(findTrimBounds(new Int16Array(0), RATE, opts)).toEqual({ start: 0, end: 0 });
  });
});

describe('computeFeatures', () => {
  it('measures levels, speech ratio and clipping of a known signal', () => {
    const s = toPcm16(noise(1000, RATE, 0.001), tones([500], 1000, RATE, 0.5));
    const f = computeFeatures(s, RATE, { silenceThresholdDbfs: -50 });
    expect(f.duration_ms).toBe(2000);
    expect(f.peak_dbfs).toBeCloseTo(ratioToDbfs(0.5), 0);
    expect(f.noise_floor_dbfs).toBeCloseTo(-60, 0);
    expect(f.speech_ratio).toBeCloseTo(0.5, 1);
    expect(f.clipping_ratio).toBe(0);
    expect(f.dtmf).toEqual([]);
  });

  it('reports clipping and a -120 dBFS floor for digital silence', () => {
    const clipped = toPcm16(tones([200], 500, RATE, 2));
    expect(
      computeFeatures(clipped, RATE, { silenceThresholdDbfs: -50 }).clipping_ratio,
    ).toBeGreaterThan(0.3);
    const f = computeFeatures(toPcm16(silence(300)), RATE, { silenceThresholdDbfs: -50 });
    expect(f.rms_dbfs).toBe(-120);
    expect(f.speech_ratio).toBe(0);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });

  it('frames levels in 20 ms steps', () => {
    expect(frameLevels(toPcm16(silence(100)), RATE)).toHaveLength(5);
  });
});

describe('encodeWav16', () => {
  it('writes a 44-byte canonical header followed by the samples', () => {
    const s = Int16Array.from([0, 1, -1, 32767, -32768]);
    const wav = encodeWav16(s, 8000);
    const text = (o: number) => String.fromCharCode(...wav.subarray(o, o + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    const view = new DataView(wav.buffer);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(pcm16FromBytes(wav.subarray(44))).toEqual(s);
  });
});

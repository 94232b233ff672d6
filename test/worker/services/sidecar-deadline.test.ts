import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import {
  estimateAudioMs,
  JOB_SIDECAR_MAX_MS,
  jobSidecarDeadlineMs,
  SIDECAR_DEADLINE,
  sidecarDeadlineMs,
} from '../../../worker/services/sidecar-deadline';

describe('the sidecar deadline: min(90 s, 15 s + 1 s per second of audio)', () => {
  it('grows with the audio and stops at the cap', () => {
    expect(sidecarDeadlineMs(0)).toBe(15_000);
    expect(sidecarDeadlineMs(5_000)).toBe(20_000);
    expect(sidecarDeadlineMs(60_000)).toBe(75_000);
    expect(sidecarDeadlineMs(180_000)).toBe(90_000);
    expect(sidecarDeadlineMs(30 * 60_000)).toBe(SIDECAR_DEADLINE.maxMs);
  });

  it('stays under the 100 s after which a Cloudflare proxy gives up', () => {
    expect(SIDECAR_DEADLINE.maxMs).toBeLessThan(100_000);
  });
});

describe("a background job's deadline", () => {
  it('is twice the request slope, uncapped at 90 s, and grows with each attempt', () => {
    expect(jobSidecarDeadlineMs(30_000, 1)).toBe(90_000);
    expect(jobSidecarDeadlineMs(30_000, 2)).toBe(135_000);
    expect(jobSidecarDeadlineMs(30_000, 3)).toBe(180_000);
    expect(jobSidecarDeadlineMs(150_000, 1)).toBe(330_000);
  });

  it('never passes the cap that keeps a job inside a consumer run', () => {
    expect(jobSidecarDeadlineMs(30 * 60_000, 5)).toBe(JOB_SIDECAR_MAX_MS);
    expect(jobSidecarDeadlineMs(30_000, 50)).toBe(JOB_SIDECAR_MAX_MS);
  });
});

describe('estimateAudioMs', () => {
  it('reads a WAV header exactly', () => {
    expect(estimateAudioMs(encodeWav16(new Int16Array(8_000 * 3), 8_000), {})).toBe(3_000);
  });

  it('computes raw G.711 and PCM from rate and channels', () => {
    const bytes = new Uint8Array(16_000);
    expect(estimateAudioMs(bytes, { format: 'mulaw', sample_rate: 8_000 })).toBe(2_000);
    expect(estimateAudioMs(bytes, { format: 's16le', sample_rate: 8_000, channels: 2 })).toBe(500);
  });

  it('over-estimates compressed audio it cannot read (16 kbit/s)', () => {
    expect(estimateAudioMs(new Uint8Array(20_000), { format: 'auto' })).toBe(10_000);
  });
});

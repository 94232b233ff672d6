import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinWavs } from '#core/audio/join-wav';
import { encodeWav16 } from '#core/audio/pcm';
import {
  decodeWavMono16,
  readWav,
  readWavHeader,
  WavError,
  wavCutShort,
} from '#core/audio/wav-reader';
import { ffmpeg, type Scratch, scratch, sineArgs } from '../../fixtures/media';

let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(async () => {
  await tmp?.cleanup();
});

/** A 0.5 s 440 Hz tone at 0.5 of full scale (−9 dBFS RMS) written by ffmpeg with `codec`. */
async function tone(codec: string, rate: number, channels: number): Promise<Uint8Array> {
  const name = `${codec}-${rate}-${channels}.wav`;
  await ffmpeg([
    ...sineArgs(440, 0.5, rate),
    '-filter:a',
    'volume=0.5',
    '-ac',
    String(channels),
    '-c:a',
    codec,
    tmp.path(name),
  ]);
  return tmp.read(name);
}

describe('readWav', () => {
  it.each([
    ['pcm_u8', 8_000, 1],
    ['pcm_s16le', 16_000, 1],
    ['pcm_s24le', 44_100, 2],
    ['pcm_s32le', 48_000, 1],
    ['pcm_f32le', 16_000, 2],
    ['pcm_mulaw', 8_000, 1],
    ['pcm_alaw', 8_000, 1],
  ])(
    'reads %s at %i Hz, %i channel(s), and measures its level from the samples',
    async (codec, rate, channels) => {
      const info = readWav(await tone(codec, rate, channels));
      expect(info.sampleRate).toBe(rate);
      expect(info.channels).toBe(channels);
      expect(info.durationMs).toBeGreaterThanOrEqual(490);
      expect(info.durationMs).toBeLessThanOrEqual(510);
      // ffmpeg's sine source is at 1/8 full scale; volume=0.5 halves it: 20·log10(0.125·0.5/√2) ≈ −27 dBFS.
      // Its mono→stereo upmix puts each channel 3 dB lower.
      const expected = channels === 2 ? -30.1 : -27.1;
      expect(info.rmsDbfs).toBeGreaterThan(expected - 1.5);
      expect(info.rmsDbfs).toBeLessThan(expected + 1.5);
    },
  );

  it('measures silence as silence, whatever the header looks like', () => {
    expect(readWav(encodeWav16(new Int16Array(8_000), 16_000)).rmsDbfs).toBe(-120);
  });

  it.each([
    ['too short', new Uint8Array(20)],
    ['not RIFF', new TextEncoder().encode('x'.repeat(100))],
    ['no data chunk', encodeWav16(new Int16Array(100), 16_000).slice(0, 36)],
    ['no samples', encodeWav16(new Int16Array(0), 16_000)],
  ])('rejects a frame that is %s', (_name, bytes) => {
    expect(() => readWav(bytes)).toThrow(WavError);
  });
});

describe('decodeWavMono16 and joinWavs', () => {
  it('mixes stereo to mono 16-bit at the file rate', async () => {
    const { sampleRate, samples } = decodeWavMono16(await tone('pcm_s16le', 16_000, 2));
    expect(sampleRate).toBe(16_000);
    expect(samples.length).toBe(8_000);
    // Peak of each upmixed channel: 32768 · 0.125 · 0.5 / √2 ≈ 1448.
    expect(Math.max(...samples)).toBeGreaterThan(1_400);
    expect(Math.max(...samples)).toBeLessThan(1_500);
  });

  it('joins chunks of one rate into one WAV, and refuses mixed rates', async () => {
    const a = encodeWav16(new Int16Array(16_000).fill(1000), 16_000);
    const b = encodeWav16(new Int16Array(8_000).fill(-1000), 16_000);
    const joined = joinWavs([a, b]);
    expect(joined).not.toBeNull();
    const info = readWav(joined as Uint8Array);
    expect(info.durationMs).toBe(1_500);
    expect(joinWavs([a, encodeWav16(new Int16Array(8_000), 8_000)])).toBeNull();
    expect(joinWavs([])).toBeNull();
  });
});

describe('readWavHeader', () => {
  const full = encodeWav16(new Int16Array(16_000), 16_000);

  it('reads format and duration without the samples, and a whole file is complete', () => {
    expect(readWavHeader(full)).toEqual({
      sampleRate: 16_000,
      channels: 1,
      bitsPerSample: 16,
      durationMs: 1_000,
      truncated: false,
    });
  });

  it('says a file cut off before its declared data is truncated', () => {
    const cut = readWavHeader(full.slice(0, 100));
    expect(cut.truncated).toBe(true);
    expect(cut.durationMs).toBe(2);
  });

  it('never calls a streamed WAV (data size 0xFFFFFFFF: unknown) truncated', () => {
    const streamed = full.slice(0, 1_000);
    new DataView(streamed.buffer).setUint32(40, 0xffff_ffff, true);
    expect(readWavHeader(streamed)).toMatchObject({ truncated: false, durationMs: 30 });
  });
});

describe('wavCutShort', () => {
  const full = encodeWav16(new Int16Array(16_000), 16_000);

  it('judges a whole file, or its first bytes and its size, the same way', () => {
    expect(wavCutShort(full, full.byteLength)).toBe(false);
    expect(wavCutShort(full.slice(0, 64), full.byteLength)).toBe(false);
    expect(wavCutShort(full.slice(0, 100), 100)).toBe(true);
    expect(wavCutShort(full.slice(0, 64), full.byteLength - 1)).toBe(true);
  });

  it('agrees with readWavHeader, and never calls a streamed WAV cut short', () => {
    const cut = full.slice(0, 1_000);
    expect(wavCutShort(cut, cut.byteLength)).toBe(readWavHeader(cut).truncated);
    const streamed = full.slice(0, 1_000);
    new DataView(streamed.buffer).setUint32(40, 0xffff_ffff, true);
    expect(wavCutShort(streamed, streamed.byteLength)).toBe(false);
  });

  it('leaves what it cannot read to ffmpeg: not a WAV, or no data chunk in the bytes given', () => {
    expect(wavCutShort(new TextEncoder().encode('ID3 not a wave at all'), 1_000)).toBeNull();
    expect(wavCutShort(full.slice(0, 30), full.byteLength)).toBeNull();
  });
});

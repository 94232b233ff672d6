import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goertzelPower } from '#core/audio/goertzel';
import { silentLogger } from '../../sidecar/src/log';
import { decodeToPcm16k, resolveFfmpeg } from '../../sidecar/src/media/ffmpeg';
import { ffmpeg, type Scratch, scratch, sineArgs } from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

const FFMPEG = resolveFfmpeg(undefined).path!;
let s: Scratch;

beforeAll(async () => {
  s = await scratch();
  // One 1.5 s 440 Hz source at 44.1 kHz; every case transcodes from it.
  await ffmpeg([...sineArgs(440, 1.5, 44100), '-c:a', 'pcm_s16le', s.path('src.wav')]);
  await ffmpeg([
    '-i',
    s.path('src.wav'),
    '-ar',
    '8000',
    '-ac',
    '1',
    '-f',
    'mulaw',
    s.path('tel.ulaw'),
  ]);
});
afterAll(() => s.cleanup());

/** [name, ffmpeg output args, file name] — each must come back as 1.5 s of 440 Hz at 16 kHz. */
const CASES: Array<[string, string[], string]> = [
  ['WAV 8 kHz 8-bit', ['-ar', '8000', '-c:a', 'pcm_u8'], 'a.wav'],
  ['WAV 16 kHz 16-bit', ['-ar', '16000', '-c:a', 'pcm_s16le'], 'b.wav'],
  ['WAV 44.1 kHz 24-bit', ['-c:a', 'pcm_s24le'], 'c.wav'],
  ['WAV 44.1 kHz stereo', ['-ac', '2', '-c:a', 'pcm_s16le'], 'd.wav'],
  ['MP3', ['-c:a', 'libmp3lame', '-b:a', '64k'], 'e.mp3'],
  ['OGG/Opus', ['-ar', '48000', '-c:a', 'libopus', '-b:a', '32k'], 'f.ogg'],
  ['WebM/Opus', ['-ar', '48000', '-c:a', 'libopus', '-b:a', '32k'], 'g.webm'],
  ['FLAC', ['-c:a', 'flac'], 'h.flac'],
  ['M4A/AAC', ['-c:a', 'aac', '-b:a', '64k'], 'i.m4a'],
];

async function decodeFile(
  name: string,
  format: 'auto' | 'mulaw' | 'alaw' | 's16le' = 'auto',
  rate?: number,
) {
  const controller = new AbortController();
  return decodeToPcm16k(
    FFMPEG,
    { bytes: await s.read(name), format, sampleRate: rate, channels: 1 },
    { tmpDir: s.dir, signal: controller.signal, maxSeconds: 60, logger: silentLogger },
  );
}

function expectTone(pcm: Int16Array, seconds: number): void {
  // Codec priming/padding adds a few ms; 60 ms covers MP3/AAC/Opus.
  expect(Math.abs(pcm.length / 16000 - seconds)).toBeLessThan(0.06);
  const mid = Math.floor(pcm.length / 2);
  const at440 = goertzelPower(pcm, mid, 1600, 440, 16000);
  const at1000 = goertzelPower(pcm, mid, 1600, 1000, 16000);
  expect(at440).toBeGreaterThan(100 * at1000);
}

describe('decodeToPcm16k (real ffmpeg)', () => {
  it.each(CASES)('%s → 16 kHz mono with the right duration', async (_label, args, file) => {
    await ffmpeg(['-i', s.path('src.wav'), ...args, s.path(file)]);
    expectTone(await decodeFile(file), 1.5);
  });

  it.each([
    ['mulaw', 'pcm_mulaw', 8000],
    ['alaw', 'pcm_alaw', 8000],
    ['s16le', 'pcm_s16le', 22050],
  ] as const)('raw %s with explicit params', async (format, codec, rate) => {
    await ffmpeg([
      '-i',
      s.path('src.wav'),
      '-ar',
      String(rate),
      '-ac',
      '1',
      '-f',
      format,
      '-c:a',
      codec,
      s.path(`raw.${format}`),
    ]);
    expectTone(await decodeFile(`raw.${format}`, format, rate), 1.5);
  });
});

describe('POST /v1/process with raw formats', () => {
  it('accepts µ-law with ?format=mulaw&sample_rate=8000&channels=1 and reports duration', async () => {
    const sidecar = await testSidecar();
    const res = await post(
      sidecar,
      await s.read('tel.ulaw'),
      '?format=mulaw&sample_rate=8000&channels=1&transcribe=false',
    );
    const body = await okJson(res);
    expect(body.features.duration_ms).toBe(1500);
    expect(body.engine.name).toBe('none');
  });

  it('reads the same bytes as a different rate when told (params are honoured)', async () => {
    const sidecar = await testSidecar();
    const body = await okJson(
      await post(
        sidecar,
        await s.read('tel.ulaw'),
        '?format=mulaw&sample_rate=16000&transcribe=false',
      ),
    );
    expect(body.features.duration_ms).toBe(750);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../sidecar/src/app';
import {
  dtmfWithSox,
  ffmpeg,
  padWithSilence,
  type Scratch,
  scratch,
  sineArgs,
  speak,
  tool,
} from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

let s: Scratch;
let sidecar: Sidecar;

beforeAll(async () => {
  s = await scratch();
  sidecar = await testSidecar();
  await ffmpeg([...sineArgs(600, 1, 16000), s.path('tone.wav')]);
  await padWithSilence(s.path('tone.wav'), s.path('tone-padded.wav'), 1.3, 0.7);
});
afterAll(() => s.cleanup());

describe('trimming leading/trailing silence (real ffmpeg + sox)', () => {
  it('cuts a tone padded with 1.3 s before and 0.7 s after to within 50 ms', async () => {
    const body = await okJson(
      await post(sidecar, await s.read('tone-padded.wav'), '?transcribe=false'),
    );
    expect(body.features.duration_ms).toBe(3000);
    expect(Math.abs(body.trim.start_ms - 1300)).toBeLessThanOrEqual(50);
    expect(Math.abs(body.trim.end_ms - 2300)).toBeLessThanOrEqual(50);
    expect(Math.abs(body.features.trimmed_duration_ms - 1000)).toBeLessThanOrEqual(50);
  });

  it('cuts espeak-ng speech padded with known silence to within 50 ms of where it was', async () => {
    await speak('Please call us back about your account today.', s.path('speech.wav'));
    await padWithSilence(s.path('speech.wav'), s.path('speech-padded.wav'), 1.3, 0.7);
    const plain = await okJson(
      await post(sidecar, await s.read('speech.wav'), '?transcribe=false&min_silence_ms=0'),
    );
    const padded = await okJson(
      await post(sidecar, await s.read('speech-padded.wav'), '?transcribe=false'),
    );
    // espeak's own lead-in/tail are part of the truth: the padded bounds must shift by exactly the padding.
    expect(Math.abs(padded.trim.start_ms - (1300 + plain.trim.start_ms))).toBeLessThanOrEqual(50);
    expect(Math.abs(padded.trim.end_ms - (1300 + plain.trim.end_ms))).toBeLessThanOrEqual(50);
    expect(padded.features.duration_ms - plain.features.duration_ms).toBeGreaterThan(1950);
  });

  it('keeps everything with trim=false; a per-request threshold keeps a faint tail', async () => {
    const whole = await okJson(
      await post(sidecar, await s.read('tone-padded.wav'), '?transcribe=false&trim=false'),
    );
    expect(whole.trim).toEqual({ start_ms: 0, end_ms: 3000 });
    // 0.5 s at -6 dBFS, then 0.5 s at -60 dBFS, then 0.5 s of digital silence.
    const parts: [string, number][] = [
      ['loud.wav', -6],
      ['faint.wav', -60],
    ];
    for (const [name, gainDb] of parts) {
      const tone = ['synth', '0.5', 'sine', '600', 'gain', String(gainDb)];
      await tool('sox', ['-n', '-r', '16000', '-b', '16', s.path(name), ...tone]);
    }
    await tool('sox', [
      s.path('loud.wav'),
      s.path('faint.wav'),
      s.path('tail.wav'),
      'pad',
      '0',
      '0.5',
    ]);
    const byDefault = await okJson(
      await post(sidecar, await s.read('tail.wav'), '?transcribe=false'),
    );
    expect(Math.abs(byDefault.trim.end_ms - 500)).toBeLessThanOrEqual(50);
    const sensitive = await okJson(
      await post(sidecar, await s.read('tail.wav'), '?transcribe=false&silence_threshold_db=-75'),
    );
    expect(Math.abs(sensitive.trim.end_ms - 1000)).toBeLessThanOrEqual(50);
    const outOfBounds = await post(sidecar, await s.read('tail.wav'), '?silence_threshold_db=-5');
    expect(outOfBounds.status).toBe(400);
  });
});

describe('DTMF in the response features', () => {
  it('finds "159#" (sox, two sines per key, 100 ms tones, 100 ms gaps) in order', async () => {
    await dtmfWithSox(s, '159#', s.path('keys.wav'));
    const body = await okJson(
      await post(sidecar, await s.read('keys.wav'), '?transcribe=false&trim=false'),
    );
    expect(body.features.dtmf.map((d) => d.digit).join('')).toBe('159#');
    body.features.dtmf.forEach((d, i) => {
      expect(Math.abs(d.start_ms - i * 200)).toBeLessThanOrEqual(30);
      expect(Math.abs(d.end_ms - d.start_ms - 100)).toBeLessThanOrEqual(30);
    });
  });

  it('reports no digits for speech', async () => {
    await speak('Press one to speak with an agent about your refund.', s.path('ivr.wav'));
    const body = await okJson(await post(sidecar, await s.read('ivr.wav'), '?transcribe=false'));
    expect(body.features.dtmf).toEqual([]);
    expect(body.features.speech_ratio).toBeGreaterThan(0.3);
  });
});

describe('transcription of a short clip', () => {
  it('says which engine produced the transcript and offsets segments by the trim', async () => {
    await speak('Your account has been charged.', s.path('short.wav'));
    await padWithSilence(s.path('short.wav'), s.path('short-padded.wav'), 1, 0);
    const body = await okJson(await post(sidecar, await s.read('short-padded.wav')));
    expect(body.engine.name).toBe('pocketsphinx');
    expect(body.engine.model).toContain('en-us');
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.segments[0]!.start_ms).toBeGreaterThanOrEqual(body.trim.start_ms);
    expect(body.timings_ms.transcribe).toBeGreaterThan(0);
    expect(body.timings_ms.total).toBeGreaterThanOrEqual(body.timings_ms.decode);
  });
});

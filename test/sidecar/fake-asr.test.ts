import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../sidecar/src/config';
import { type Scratch, scratch, speak } from '../fixtures/media';
import { okJson, post, testSidecar } from './harness';

let s: Scratch;
let speech: Uint8Array;
beforeAll(async () => {
  s = await scratch();
  await speak('Your account has been charged.', s.path('short.wav'));
  speech = await s.read('short.wav');
});
afterAll(() => s.cleanup());

describe('ASR_ENGINES=fake', () => {
  it('is a configurable engine with a scripted transcript and delay', () => {
    const config = loadConfig({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'buy gift cards now',
      FAKE_ASR_DELAY_MS: '250',
    });
    expect(config.asrEngines).toEqual(['fake']);
    expect(config.fake).toEqual({ text: 'buy gift cards now', delayMs: 250 });
  });

  it('answers its scripted transcript through the real pipeline and names itself', async () => {
    const sidecar = await testSidecar({
      ASR_ENGINES: 'fake',
      FAKE_ASR_TEXT: 'buy gift cards now',
      FAKE_ASR_DELAY_MS: '0',
    });
    const body = await okJson(await post(sidecar, speech));
    expect(body.text).toBe('buy gift cards now');
    expect(body.engine).toEqual({ name: 'fake', model: null });
    expect(body.segments).toEqual([
      { start_ms: body.trim.start_ms, end_ms: body.trim.end_ms, text: 'buy gift cards now' },
    ]);
    expect(body.features.duration_ms).toBeGreaterThan(1_000);
  });
});

import { describe, expect, it } from 'vitest';
import { mulawDecode } from '#core/audio/g711';
import { SPEAK_CONTENT_TYPE } from '#core/schemas/sidecar-protocol';
import { errorJson, testSidecar } from './harness';

/** `POST /v1/speak` with real espeak-ng and ffmpeg. */
const speak = async (body: unknown) =>
  (await testSidecar({ ASR_ENGINES: 'fake' })).app.fetch(
    new Request('http://127.0.0.1/v1/speak', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

describe('POST /v1/speak', () => {
  it('speaks a text as 8 kHz µ-law a phone call can play', async () => {
    const res = await speak({ text: 'Warning. This call shows signs of a scam.' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(SPEAK_CONTENT_TYPE);
    const audio = new Uint8Array(await res.arrayBuffer());
    // A sentence at 150 words a minute: a couple of seconds at 8,000 bytes a second.
    expect(audio.length).toBeGreaterThan(8_000);
    expect(audio.length).toBeLessThan(8_000 * 10);
    // It is speech, not silence: the samples carry energy.
    const pcm = mulawDecode(audio);
    const rms = Math.sqrt(pcm.reduce((s, v) => s + v * v, 0) / pcm.length);
    expect(rms).toBeGreaterThan(300);
  });

  it('refuses an empty, over-long or malformed request with INVALID_PARAMS', async () => {
    for (const body of [{ text: '' }, { text: 'x'.repeat(501) }, 'not json', { words: 'hi' }]) {
      const res = await speak(body);
      expect(res.status).toBe(400);
      expect((await errorJson(res)).code).toBe('INVALID_PARAMS');
    }
  });

  it('never reads the text as an espeak-ng option', async () => {
    const res = await speak({ text: '--help -w /tmp/owned.wav' });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer()).length).toBeGreaterThan(1_000);
  });
});

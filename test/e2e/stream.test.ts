import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Scratch, scratch, speak } from '../fixtures/media';
import { chunksOf, SHARED_AUDIO, streamCall } from './streaming';

const hasShared = existsSync(SHARED_AUDIO);
if (!hasShared)
  console.warn(`e2e: ${SHARED_AUDIO} is missing; the real-recording stream test is skipped`);

let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(async () => {
  await tmp?.cleanup();
});

describe('live stream through the real local stack', () => {
  it.skipIf(!hasShared)(
    'scores a real legal-threat robocall above SAFE, one partial per 5 s chunk',
    async () => {
      const chunks = await chunksOf(tmp, `${SHARED_AUDIO}legal_threat_robocall.wav`, 'legal');
      expect(chunks.length).toBe(7);
      const client = await streamCall(chunks);
      const partials = client.all('partial_result');
      expect(partials.map((p) => p.chunk_index)).toEqual(chunks.map((_, i) => i + 1));
      expect(partials.every((p) => p.transcription === 'ok' && p.engine === 'pocketsphinx')).toBe(
        true,
      );
      const final = client.all('final_result')[0]!;
      expect(final.reason).toBe('end_stream');
      expect(final.total_chunks).toBe(7);
      expect(final.transcript_source).toBe('full_pass');
      expect(final.verdict).not.toBe('SAFE');
      expect(final.transcript).toMatch(/social security|magistrate|criminal/);
      expect(client.all('error')).toEqual([]);

      const stored = await fetch(`${inject('workerUrl')}/api/streams/${final.stream_id}`);
      expect(
        ((await stored.json()) as { final_result: { verdict: string } }).final_result.verdict,
      ).toBe(final.verdict);
    },
  );

  it('keeps a generated legitimate call SAFE and does not flag it for review', async () => {
    const text =
      "Hello, this is Sarah from Doctor Patel's dental office. I'm calling to confirm your cleaning appointment " +
      'next Tuesday at three in the afternoon. If that time still works for you, there is nothing you need to do. ' +
      'If you need to reschedule, just call the office when it suits you. Have a lovely day.';
    await speak(text, tmp.path('legit.wav'));
    const client = await streamCall(await chunksOf(tmp, tmp.path('legit.wav'), 'legit'));
    const final = client.all('final_result')[0]!;
    expect(final.verdict).toBe('SAFE');
    expect(final.review_required).toBe(false);
    expect(client.all('partial_result').every((p) => p.verdict === 'SAFE')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '#core/audio/pcm';
import { transcribeChunk } from '../../durable-objects/call-session/chunk';
import type { SessionSpeech, TranscribeOptions } from '../../durable-objects/call-session/contract';

/**
 * A window goes to the media pool with its call's id, so the pool keeps all of a call's windows
 * on one sidecar instance (worker/services/sidecar-pool.ts).
 */
describe('a chunk sent for transcription', () => {
  it('carries its call id, for the pool’s affinity', async () => {
    const seen: TranscribeOptions[] = [];
    const speech: SessionSpeech = {
      async transcribe(_wav, options) {
        seen.push(options);
        return { ok: false, code: 'OVERLOADED' };
      },
      speak: async () => new Uint8Array(),
    };
    const wav = encodeWav16(new Int16Array(16_000).fill(3000), 16_000);
    const window = { wav, contextMs: 0, offsetMs: 0 };
    await transcribeChunk(speech, { callId: 'CAcall1', rmsDbfs: -10, window, windowMs: 1000 }, -50);
    await transcribeChunk(speech, { callId: 'CAcall2', rmsDbfs: -10, window, windowMs: 1000 }, -50);
    expect(seen.map((o) => o.callId)).toEqual(['CAcall1', 'CAcall2']);
  });
});

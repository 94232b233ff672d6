import { describe, expect, inject, it } from 'vitest';
import { FAULT_RATES, type SeenWindow } from './fault-proxy';
import { StreamClient, silentChunk, toneChunk } from './ws-client';

const proxy = inject('faultProxyUrl');

describe('CallSession: live chunks are decoded with the call before them', () => {
  it('sends the trailing audio as context, a failed chunk included, and restarts after silence', async () => {
    const rate = FAULT_RATES.secondWindowFails;
    const client = await StreamClient.open();
    const statuses: string[] = [];
    const chunks = [toneChunk(rate), toneChunk(rate), toneChunk(rate), silentChunk(1_000, rate)];
    for (const [i, chunk] of [...chunks, toneChunk(rate)].entries()) {
      client.send(chunk);
      statuses.push((await client.next('partial_result', i + 1, 60_000)).transcription);
    }
    expect(statuses).toEqual(['ok', 'unavailable', 'ok', 'silent', 'ok']);

    const seen = (await (await fetch(`${proxy}/__seen`)).json()) as SeenWindow[];
    // Retries resend the same window: one entry per distinct window, in order.
    const windows = seen.filter(
      (w, i) => i === 0 || JSON.stringify(w) !== JSON.stringify(seen[i - 1]),
    );
    expect(windows).toEqual([
      { context_ms: null, audio_ms: 1_000 }, // the first chunk has no call before it
      { context_ms: 1_000, audio_ms: 2_000 }, // fails every try
      { context_ms: 2_000, audio_ms: 3_000 }, // hears the failed chunk's audio again
      { context_ms: null, audio_ms: 1_000 }, // a silent chunk keeps no audio: no context
    ]);
    client.sendJson({ type: 'end_stream' });
    expect((await client.next('final_result', 1, 60_000)).total_chunks).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { FAULT_RATES } from './fault-proxy';
import { StreamClient, silentChunk, toneChunk } from './ws-client';

describe('CallSession when the sidecar fails', () => {
  it.each([
    ['is overloaded (503 on every try)', FAULT_RATES.overloaded],
    ['cuts the connection', FAULT_RATES.reset],
    ['answers something that is not its protocol', FAULT_RATES.garbage],
    ['never answers', FAULT_RATES.hang],
  ])(
    'marks the chunk unavailable when the sidecar %s, and the stream goes on',
    async (_name, rate) => {
      const client = await StreamClient.open();
      client.send(toneChunk(rate));
      const partial = await client.next('partial_result', 1, 60_000);
      expect(partial).toMatchObject({ chunk_index: 1, transcription: 'unavailable', engine: null });
      const error = await client.next('error');
      expect(error).toMatchObject({ code: 'TRANSCRIPTION_UNAVAILABLE', chunk_index: 1 });
      client.send(silentChunk());
      expect((await client.next('partial_result', 2)).chunk_index).toBe(2);
      client.sendJson({ type: 'end_stream' });
      const final = await client.next('final_result', 1, 60_000);
      expect(final.total_chunks).toBe(2);
      expect(final.transcript_source).toBe('chunks');
    },
  );

  it('retries a retryable failure within the budget and transcribes the chunk', async () => {
    const client = await StreamClient.open();
    client.send(toneChunk(FAULT_RATES.flaky));
    const partial = await client.next('partial_result', 1, 60_000);
    expect(partial.transcription).toBe('ok');
    // A tone is no speech to judge: the retry reaches the fake engine (fault-proxy.ts).
    expect(partial.engine).toBe('fake');
    expect(client.all('error')).toEqual([]);
  });

  it('sends the final with the chunk transcript when the final pass never answers', async () => {
    const client = await StreamClient.open();
    client.send(toneChunk(FAULT_RATES.hangFullPass));
    expect((await client.next('partial_result', 1, 60_000)).transcription).toBe('ok');
    client.sendJson({ type: 'end_stream' });
    // The final pass of one second of audio is bounded by 15 s + 1 s (docs/api.md, *Sidecar deadlines*).
    const final = await client.next('final_result', 1, 60_000);
    expect(final.transcript_source).toBe('chunks');
  });
});

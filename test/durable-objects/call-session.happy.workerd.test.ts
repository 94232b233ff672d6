import { evictDurableObject, runDurableObjectAlarm } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { verdictFor } from '#core/thresholds';
import { eventually } from '../worker/workerd/harness';
import { fromBase64, StreamClient, silentChunk } from './ws-client';

const speech = inject('speechChunks').map(fromBase64);
/** The same call, sent to real pocketsphinx (fault-proxy.ts): this file's first test judges it. */
const realSpeech = inject('realSpeechChunks').map(fromBase64);

describe('CallSession: a spoken scam call', () => {
  it('sends connected, one partial per chunk rescored in context, and a final on end_stream', async () => {
    const client = await StreamClient.open();
    const connected = client.all('connected')[0];
    expect(connected?.stream_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(connected?.last_chunk_index).toBe(0);
    expect(connected?.limits).toEqual({
      max_chunk_bytes: 524_288,
      max_chunks: 60,
      idle_timeout_ms: 30_000,
    });

    client.send(realSpeech[0]!);
    const first = await client.next('partial_result', 1, 60_000);
    client.send(realSpeech[1]!);
    const second = await client.next('partial_result', 2, 60_000);

    expect(first.chunk_index).toBe(1);
    expect(second.chunk_index).toBe(2);
    expect(first.transcription).toBe('ok');
    expect(first.engine).toBe('pocketsphinx');
    expect(first.chunk_transcript.length).toBeGreaterThan(0);
    expect(second.timestamp_ms).toBeGreaterThan(first.timestamp_ms);
    // Whole-call rescoring: the second chunk's words add to what the first one said.
    expect(second.max_score).toBeGreaterThanOrEqual(first.max_score);
    expect(second.score_delta).toBeCloseTo(second.call_score - first.call_score, 3);
    // The first chunk is the whole call so far: alone and in context it scores the same.
    expect(first.scam_score).toBe(first.call_score);
    for (const p of [first, second]) {
      for (const n of [p.scam_score, p.call_score, p.cumulative_score, p.max_score, p.confidence]) {
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(1);
      }
    }
    const seen = new Set(first.signals.map((s) => s.category));
    for (const s of second.new_signals) expect(seen.has(s.category)).toBe(false);

    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result');
    expect(final.reason).toBe('end_stream');
    expect(final.total_chunks).toBe(2);
    // The final pass transcribes the call again in one piece; it may raise the score, never lower it.
    expect(final.transcript_source).toBe('full_pass');
    expect(final.transcript.length).toBeGreaterThan(0);
    expect(final.combined_score).toBeGreaterThanOrEqual(second.cumulative_score);
    expect(final.verdict).toBe(verdictFor(final.combined_score));
    expect(final.max_score).toBeGreaterThanOrEqual(final.combined_score);
    expect(final.engines).toContain('pocketsphinx');
    expect((await client.waitClosed()).code).toBe(1000);

    const res = await exports.default.fetch(
      new Request(`http://edge.test/api/streams/${client.streamId}`),
    );
    expect(res.status).toBe(200);
    const state = (await res.json()) as {
      status: string;
      chunks: unknown[];
      final_result: { verdict: string };
    };
    expect(state.status).toBe('final');
    expect(state.chunks).toHaveLength(2);
    expect(state.final_result.verdict).toBe(final.verdict);
  });

  it('keeps a silent call SAFE, skips transcription and does not ask for review', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk(1_000));
    const partial = await client.next('partial_result');
    expect(partial.transcription).toBe('silent');
    expect(partial.engine).toBeNull();
    expect(partial.verdict).toBe('SAFE');
    expect(partial.review_required).toBe(false);
    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result');
    expect(final.verdict).toBe('SAFE');
    expect(final.review_required).toBe(false);
    expect(final.transcript_source).toBe('chunks');
  });

  it('survives eviction mid-stream with its state intact', async () => {
    const client = await StreamClient.open();
    client.send(speech[0]!);
    const first = await client.next('partial_result', 1, 60_000);
    await evictDurableObject(client.stub);
    client.send(speech[1]!);
    const second = await client.next('partial_result', 2, 60_000);
    expect(second.chunk_index).toBe(2);
    expect(second.max_score).toBeGreaterThanOrEqual(first.max_score);
    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result');
    expect(final.total_chunks).toBe(2);
    expect(final.transcript_source).toBe('full_pass');
  });

  it('sends a final result when the idle alarm fires', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk());
    await client.next('partial_result');
    expect(await runDurableObjectAlarm(client.stub)).toBe(true);
    const final = await client.next('final_result');
    expect(final.reason).toBe('idle_timeout');
    expect(final.total_chunks).toBe(1);
    await client.waitClosed();
  });

  it('resumes a dropped stream without counting a resent chunk twice', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk());
    client.send(silentChunk());
    await client.next('partial_result', 2);
    client.ws.close(4000, 'network went away');

    const again = await StreamClient.open(`?stream_id=${client.streamId}&last_chunk_index=1`);
    const connected = again.all('connected')[0];
    expect(connected?.resumed).toBe(true);
    expect(connected?.last_chunk_index).toBe(2);
    again.send(silentChunk()); // the client's copy of chunk 2
    again.send(silentChunk()); // chunk 3
    const dup = await again.next('partial_result', 1);
    const third = await again.next('partial_result', 2);
    expect(dup).toMatchObject({ chunk_index: 2, duplicate: true });
    expect(third.chunk_index).toBe(3);
    again.sendJson({ type: 'end_stream' });
    expect((await again.next('final_result')).total_chunks).toBe(3);
  });

  it('stores the result when the client closes the socket', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk());
    await client.next('partial_result');
    client.ws.close(1000, 'bye');
    const deadline = Date.now() + 10_000;
    let state: { status: string; final_result: { reason: string } | null } | undefined;
    while (Date.now() < deadline) {
      state = (await client.stub.getState('public')) as typeof state;
      if (state?.status === 'final') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state?.status).toBe('final');
    expect(state?.final_result?.reason).toBe('client_disconnect');
  });

  it('scores a short last chunk sent just before the client closes the socket', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk(5_000));
    // Half a second, then the close at once: the chunk is the call's tail.
    client.send(silentChunk(500));
    client.ws.close(1000, 'bye');
    const final = await eventually(async () => {
      const state = (await client.stub.getState('public')) as {
        final_result: { total_chunks: number; duration_ms: number } | null;
      } | null;
      return state?.final_result ?? undefined;
    });
    expect(final).toMatchObject({ total_chunks: 2, duration_ms: 5_500 });
  });
});

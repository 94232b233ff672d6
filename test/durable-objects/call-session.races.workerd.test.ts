import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { HOLD_RATES } from './fault-proxy';
import { StreamClient, silentChunk, toneChunk } from './ws-client';

const proxy = inject('faultProxyUrl');

/** Resolves once the proxy is holding a sidecar request at `rate`. */
async function held(rate: number): Promise<void> {
  await fetch(`${proxy}/__held?rate=${rate}`);
}

/** Lets every held request at `rate` through to the sidecar. */
async function release(rate: number): Promise<void> {
  await fetch(`${proxy}/__release?rate=${rate}`, { method: 'POST' });
}

describe('CallSession: one live socket per stream', () => {
  it('a newcomer takes the stream over; the old socket is closed with 4409 and no chunk is lost or mislabelled', async () => {
    const first = await StreamClient.open();
    first.send(silentChunk());
    expect((await first.next('partial_result')).chunk_index).toBe(1);

    const second = await StreamClient.open(`?stream_id=${first.streamId}`);
    expect(second.all('connected')[0]?.last_chunk_index).toBe(1);
    expect((await first.waitClosed()).code).toBe(4409);

    second.send(silentChunk());
    second.send(silentChunk());
    const partials = [
      await second.next('partial_result', 1),
      await second.next('partial_result', 2),
    ];
    expect(partials.map((p) => [p.chunk_index, p.duplicate ?? false])).toEqual([
      [2, false],
      [3, false],
    ]);
    second.sendJson({ type: 'end_stream' });
    const final = await second.next('final_result');
    expect(final.total_chunks).toBe(3);
    const state = (await second.stub.getState('public')) as { chunks: unknown[] } | null;
    expect(state?.chunks).toHaveLength(3);
  });
});

describe('CallSession: a takeover while a chunk is in flight', () => {
  it('gives the newcomer the in-flight result and numbers its own chunks after it', async () => {
    const rate = HOLD_RATES.takeoverInFlight;
    const first = await StreamClient.open();
    first.send(toneChunk(rate));
    await held(rate); // chunk 1 is in the sidecar, not yet stored
    const second = await StreamClient.open(`?stream_id=${first.streamId}`);
    expect(second.all('connected')[0]?.last_chunk_index).toBe(0);
    expect((await first.waitClosed()).code).toBe(4409);
    second.send(silentChunk());
    await release(rate);
    const results = [
      await second.next('partial_result', 1, 60_000),
      await second.next('partial_result', 2),
    ];
    expect(results.map((p) => [p.chunk_index, p.duplicate ?? false, p.transcription])).toEqual([
      [1, false, 'ok'],
      [2, false, 'silent'],
    ]);
    second.sendJson({ type: 'end_stream' });
    await held(rate); // the final pass of chunk 1's audio
    await release(rate);
    expect((await second.next('final_result', 1, 60_000)).total_chunks).toBe(2);
  });
});

describe('CallSession: idle means no message and no work in flight', () => {
  it('does not finalize on the idle alarm while a chunk is still being transcribed', async () => {
    const rate = HOLD_RATES.alarmWhileBusy;
    const client = await StreamClient.open();
    client.send(toneChunk(rate));
    await held(rate); // the chunk is in the sidecar now, and stays there until released
    const alarm = runDurableObjectAlarm(client.stub);
    await release(rate);
    expect(await alarm).toBe(true); // it ran, while the chunk was in flight
    expect((await client.next('partial_result', 1, 60_000)).chunk_index).toBe(1);
    client.send(silentChunk());
    expect((await client.next('partial_result', 2)).chunk_index).toBe(2);
    expect(client.all('final_result')).toEqual([]);
    client.sendJson({ type: 'end_stream' });
    await held(rate); // the final pass of chunk 1's audio
    await release(rate);
    const final = await client.next('final_result', 1, 60_000);
    expect(final).toMatchObject({ reason: 'end_stream', total_chunks: 2 });
  });

  it('answers a chunk that arrives while the final is being made with STREAM_ENDED', async () => {
    const rate = HOLD_RATES.chunkWhileFinalizing;
    const client = await StreamClient.open();
    client.send(toneChunk(rate));
    await held(rate);
    await release(rate);
    expect((await client.next('partial_result', 1, 60_000)).transcription).toBe('ok');
    client.sendJson({ type: 'end_stream' });
    await held(rate); // the final pass is in the sidecar now
    client.send(silentChunk());
    const ended = await client.next('error');
    expect(ended.code).toBe('STREAM_ENDED');
    await release(rate);
    const final = await client.next('final_result', 1, 60_000);
    expect(final).toMatchObject({ reason: 'end_stream', total_chunks: 1 });
    // STREAM_ENDED came before the final result and the close, while the client could hear it.
    const order = client.messages.map((m) => m.type);
    expect(order.indexOf('error')).toBeLessThan(order.indexOf('final_result'));
  });
});

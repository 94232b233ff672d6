import { describe, expect, inject, it } from 'vitest';
import { joinWavs } from '#core/audio/join-wav';
import { readWav } from '#core/audio/wav-reader';
import { as, makeOrg, type TestOrg, testApp } from '../worker/workerd/harness';
import { Endpoint, succeeded, verified } from '../worker/workerd/receivers';
import { FAULT_RATES } from './fault-proxy';
import { fromBase64, StreamClient, silentChunk, toneChunk } from './ws-client';

/**
 * How much of a call was heard, and what the final says when too little was: the sidecar
 * fails on chunks sent at the fault proxy's "overloaded" rate (503 on every try), as it did
 * when it died during a live stream.
 */

const app = testApp({ AUTH_MODE: 'on' });
const [speech] = inject('speechChunks').map(fromBase64) as [Uint8Array];
const msOf = (wav: Uint8Array) => readWav(wav).durationMs;

async function subscribed(org: TestOrg) {
  const endpoint = new Endpoint();
  const res = await app.json<{ secret: string }>(
    '/api/v1/integrations',
    as(org.members.owner.jwt, { body: { url: endpoint.url, events: ['call.ended'] } }),
  );
  expect(res.status).toBe(201);
  return { endpoint, secret: res.body.secret };
}

async function openStream(org: TestOrg) {
  return StreamClient.accept(
    await app.fetch('/ws/stream', { headers: { Upgrade: 'websocket', 'X-API-Key': org.key } }),
  );
}

describe('a final that heard too little', () => {
  it('says the call could not be judged, flags it for review, and says so in call.ended and GET', async () => {
    const org = await makeOrg(app, 'Coverage');
    const { endpoint, secret } = await subscribed(org);
    const client = await openStream(org);
    // Longer than the speech, so most of the call is lost.
    const tone = toneChunk(FAULT_RATES.overloaded);
    const lost = joinWavs([tone, tone, tone, tone, tone, tone, tone, tone]) as Uint8Array;
    client.send(speech);
    for (const chunk of [lost, lost, lost]) client.send(chunk);
    const partials = await client.next('partial_result', 4, 120_000);
    expect(partials.chunk_index).toBe(4);
    expect(client.all('partial_result').map((p) => p.transcription)).toEqual([
      'ok',
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result', 1, 120_000);

    expect(final.review_required).toBe(true);
    expect(final.review_reason).toMatch(/could not be judged/);
    expect(final.recommendation).toMatch(/could not be judged/);
    expect(final.recommendation).not.toMatch(/no scam indicators/i);
    const received = msOf(speech) + 3 * msOf(lost);
    expect(final.coverage).toEqual({
      windows_received: 4,
      windows_heard: 1,
      received_ms: received,
      heard_ms: msOf(speech),
      judged: false,
    });

    const stored = await app.json<{ final_result: typeof final }>(
      `/api/streams/${client.streamId}`,
      as(org.key),
    );
    expect(stored.body.final_result).toMatchObject({
      coverage: final.coverage,
      review_reason: final.review_reason,
    });
    const [ended] = succeeded(await endpoint.delivered(1)).map((r) => verified(r, secret));
    expect(ended?.type).toBe('call.ended');
    expect(ended?.data).toMatchObject({
      coverage: final.coverage,
      review_required: true,
      review_reason: final.review_reason,
      recommendation: final.recommendation,
    });
  });

  it('judges a call it heard in full: silence is measured, so it counts as heard', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk(1_000));
    client.send(silentChunk(2_000));
    await client.next('partial_result', 2);
    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result');
    expect(final.coverage).toEqual({
      windows_received: 2,
      windows_heard: 2,
      received_ms: 3_000,
      heard_ms: 3_000,
      judged: true,
    });
    expect(final.review_required).toBe(false);
  });

  it('has nothing to judge and nothing missed when no audio came', async () => {
    const client = await StreamClient.open();
    client.sendJson({ type: 'end_stream' });
    const final = await client.next('final_result');
    expect(final.coverage).toMatchObject({ windows_received: 0, received_ms: 0, judged: true });
    expect(final.review_required).toBe(false);
  });
});

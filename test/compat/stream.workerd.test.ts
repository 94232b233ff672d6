import { runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_CHUNK_BYTES } from '#core/schemas/stream-protocol';
import { fromBase64, StreamClient, silentChunk } from '../durable-objects/ws-client';
import { makeOrg, type TestOrg, testApp } from '../worker/workerd/harness';
import { StreamHook } from './clients';
import {
  CsConnected,
  CsFinal,
  CsPartial,
  CsSpokenPartial,
  CsStreamError,
  conforms,
} from './contract';
import { inBand } from './sockets';

/**
 * CallShield's `/ws/stream`: every message type, as its server sends them and its frontend's
 * stream hook reads them. Audio goes through the sidecar's real ffmpeg and its fake engine,
 * which hears the call's script (test/durable-objects/fault-proxy.ts).
 */

const [first, second] = inject('speechChunks').map(fromBase64) as [Uint8Array, Uint8Array];

describe('CallShield /ws/stream messages', () => {
  it('sends connected, a partial_result per chunk with its acoustic context, and final_result on end_stream', async () => {
    // Its frontend always sends ?api_key=, empty when it has no key (auth is off here).
    const client = await StreamClient.open('?api_key=');
    conforms(CsConnected, client.messages[0]);
    client.send(first);
    const partial = conforms(CsSpokenPartial, await client.next('partial_result'));
    expect(partial.chunk_index).toBe(1);
    // Measured by the sidecar on the chunk's speech (core/acoustic.ts says how).
    expect(partial.vocal_stress).toEqual(expect.any(Number));
    expect(partial.background_noise).toEqual(expect.any(Number));
    // No measurement here is a synthetic-voice detector: null, never a made-up number.
    expect(partial.synthetic_voice_probability).toBeNull();
    client.sendJson({ type: 'end_stream' });
    const final = conforms(CsFinal, await client.next('final_result'));
    expect(final.total_chunks).toBe(1);
    expect(final.text_score).toEqual(expect.any(Number));
    expect((await client.waitClosed()).code).toBe(1000);
  });

  it('marks a silent chunk SAFE at 0 with the low SILENCE signal, and leaves it out of the final', async () => {
    const client = await StreamClient.open();
    client.send(silentChunk(1_000));
    const partial = conforms(CsPartial, await client.next('partial_result'));
    expect(partial).toMatchObject({ verdict: 'SAFE', scam_score: 0, new_signals: [] });
    expect(partial.signals).toEqual([
      expect.objectContaining({
        category: 'SILENCE',
        severity: 'low',
        detail: 'No speech detected in this chunk',
      }),
    ]);
    expect([
      partial.vocal_stress,
      partial.background_noise,
      partial.synthetic_voice_probability,
    ]).toEqual([null, null, null]);
    client.sendJson({ type: 'end_stream' });
    const final = conforms(CsFinal, await client.next('final_result'));
    expect(final.signals.map((s) => s.category)).not.toContain('SILENCE');
    // Nothing was heard: no text score, and an empty call is not sent to review.
    expect(final.text_score).toBeNull();
    expect(final.review_required).toBe(false);
  });

  it('ignores messages of types it does not know, as CallShield does', async () => {
    const client = await StreamClient.open();
    client.sendJson({ type: 'hello', data: 1 });
    client.sendJson({ no_type: true });
    client.sendJson({ type: 'ping' });
    await client.next('pong');
    expect(client.messages.map((m) => m.type)).toEqual(['connected', 'pong']);
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
  });

  it('ignores a text frame that is not JSON and keeps the stream open (test_ws_invalid_json_text)', async () => {
    const client = await StreamClient.open();
    client.send('not valid json at all');
    client.sendJson({ type: 'end_stream' });
    // CallShield's test reads the very next message and expects the final result.
    await client.next('final_result');
    expect(client.messages.map((m) => m.type)).toEqual(['connected', 'final_result']);
  });

  it('answers JSON that is no object with an error and goes on (CallShield dropped the socket)', async () => {
    const client = await StreamClient.open();
    client.send('[1]');
    const error = conforms(CsStreamError, await client.next('error'));
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE' });
    client.send(silentChunk(200));
    await client.next('partial_result');
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
  });

  it('answers a chunk over 512 KB with an error whose detail says "too large", and goes on', async () => {
    const client = await StreamClient.open();
    client.send(new Uint8Array(MAX_CHUNK_BYTES + 1));
    const error = conforms(CsStreamError, await client.next('error'));
    expect(error.detail.toLowerCase()).toContain('too large');
    client.send(silentChunk(200));
    const partial = await client.next('partial_result');
    // The refused frame was not counted.
    expect(partial.chunk_index).toBe(1);
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
  });

  it('on an idle stream sends an error whose detail says "timeout", then the final_result CallShield never sent', async () => {
    const client = await StreamClient.open();
    expect(await runDurableObjectAlarm(client.stub)).toBe(true);
    const error = conforms(CsStreamError, await client.next('error'));
    expect(error.detail.toLowerCase()).toContain('timeout');
    const final = conforms(CsFinal, await client.next('final_result'));
    expect(final.total_chunks).toBe(0);
    const order = client.messages.map((m) => m.type);
    expect(order.indexOf('error')).toBeLessThan(order.indexOf('final_result'));
  });
});

describe("CallShield's stream hook replayed", () => {
  it('reads every partial, the acoustic panel, the log and the final card', async () => {
    const client = await StreamClient.open('?api_key=');
    const hook = new StreamHook();
    client.send(first);
    await client.next('partial_result');
    client.send(silentChunk(1_000));
    await client.next('partial_result', 2);
    client.send(second);
    await client.next('partial_result', 3);
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
    for (const message of client.messages) hook.receive(JSON.stringify(message));

    expect(hook.error).toBeNull();
    expect(hook.partials.map((p) => p.chunk_index)).toEqual([1, 2, 3]);
    expect(hook.liveScore()).toBeGreaterThanOrEqual(0);
    const bars = hook.acousticBars();
    expect(bars).not.toBeNull();
    expect(bars?.vocal_stress).toMatch(/^\d+(\.\d+)?%$/);
    const log = hook.logLines();
    expect(log).toHaveLength(3);
    // The silent chunk's line: the call's running verdict, its own score 0, and the silence.
    const quiet = client.all('partial_result')[1]!;
    expect(log[1]).toMatch(
      new RegExp(`^#2 \\d+\\.\\ds ${quiet.verdict} 0\\.00/.*\\[.*LOW SILENCE\\]$`),
    );
    const card = hook.finalCard();
    expect(card).toMatchObject({ score: expect.stringMatching(/^\d\.\d\d$/) });
    // Reassurance never appears among the final card's threats.
    expect(String(card.threats)).not.toMatch(
      /NO_SENSITIVE_REQUEST|INDEPENDENT_VERIFICATION|ESTABLISHED_RELATIONSHIP/,
    );
  });
});

describe("CallShield's per-chunk scores", () => {
  it("sends each chunk's own score in scam_score, the call's in cumulative_score: the trend bars show chunks", async () => {
    const client = await StreamClient.open();
    client.send(first);
    client.send(second);
    const scam = await client.next('partial_result', 2);
    client.send(silentChunk(1_000));
    const quiet = await client.next('partial_result', 3);
    const hook = new StreamHook();
    for (const message of client.messages) hook.receive(JSON.stringify(message));
    // The call so far scores above nothing; a silent chunk scores 0 on its own, as in CallShield,
    // while the call's scores stay where its words put them.
    expect(scam.cumulative_score).toBeGreaterThan(0);
    expect(quiet.scam_score).toBe(0);
    expect(scam.call_score).toBeGreaterThan(0);
    expect(quiet.call_score).toBe(scam.call_score);
    expect(quiet.cumulative_score).toBe(scam.cumulative_score);
    expect(quiet.max_score).toBe(scam.max_score);
    expect(hook.trendBars()).toEqual(client.all('partial_result').map((p) => p.scam_score));
    expect(hook.trendBars()[2]).toBe(0);
    if (scam.scam_score > 0.05) expect(hook.trend()).toBe('Falling');
    // Alerts and the verdict stay on the call's running score.
    expect(quiet.verdict).toBe(scam.verdict);
    client.sendJson({ type: 'end_stream' });
    await client.next('final_result');
  });
});

describe('CallShield /ws/stream?api_key= with auth on', () => {
  const app = testApp({ AUTH_MODE: 'on' });
  let org: TestOrg;
  beforeAll(async () => {
    org = await makeOrg(app, 'Compat stream');
  });

  const upgrade = (query: string) =>
    app.fetch(`/ws/stream${query}`, { headers: { Upgrade: 'websocket' } });

  it.each([
    ['a wrong key', `?api_key=csk_${'B'.repeat(43)}`],
    ['an empty key', '?api_key='],
    ['no key at all', ''],
  ])('accepts the socket for %s, sends the error and closes with 4001', async (_, query) => {
    const res = await upgrade(query);
    expect(res.status).toBe(101);
    const { messages, close } = await inBand(res.webSocket!);
    expect(messages).toEqual([
      { type: 'error', code: 'UNAUTHORIZED', detail: 'Invalid or missing API key.' },
    ]);
    expect(close.code).toBe(4001);
  });

  it('opens the stream for a valid key in the query string', async () => {
    const res = await upgrade(`?api_key=${encodeURIComponent(org.key)}`);
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const firstMessage = new Promise<string>((resolve) =>
      ws.addEventListener('message', (e) => resolve(String(e.data)), { once: true }),
    );
    ws.accept();
    expect(JSON.parse(await firstMessage)).toMatchObject({ type: 'connected' });
    ws.close(1000);
  });
});

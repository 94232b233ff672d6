import { describe, expect, inject, it } from 'vitest';
import { ALERT_LEVELS, type AlertThresholds } from '#core/alerts';
import type { ServerMessage } from '#core/schemas/stream-protocol';
import { as, makeOrg, type TestOrg, testApp } from '../worker/workerd/harness';
import { Endpoint, succeeded, verified } from '../worker/workerd/receivers';
import { fromBase64, StreamClient } from './ws-client';

/**
 * Live call alerts from a spoken scam call: the levels the call reaches are raised once each,
 * mildest first, on the socket (`alert`, right after the partial that reached it) and as
 * signed `call.alert` webhooks; `call.ended` follows the final result. What is asserted
 * follows from what the pipeline produced, not from fixed scores. The sidecar's fake engine
 * hears the call's script (test/durable-objects/fault-proxy.ts): what raises an alert is the
 * running score, not how it was heard. The first test sets levels of its own;
 * test/e2e/webhooks.test.ts streams a real robocall against the default levels.
 */

const app = testApp({ AUTH_MODE: 'on' });
const speech = inject('speechChunks').map(fromBase64);
const DEFAULTS: AlertThresholds = { review: 0.3, alert: 0.6, hard_alert: 0.85 };

async function subscribed(org: TestOrg) {
  const endpoint = new Endpoint();
  const res = await app.json<{ secret: string }>(
    '/api/v1/integrations',
    as(org.members.owner.jwt, {
      body: { url: endpoint.url, events: ['call.alert', 'call.ended'] },
    }),
  );
  expect(res.status).toBe(201);
  return { endpoint, secret: res.body.secret };
}

/** Streams every speech chunk with the organisation's key, then ends the call. */
async function streamCall(org: TestOrg) {
  const client = await StreamClient.accept(
    await app.fetch('/ws/stream', { headers: { Upgrade: 'websocket', 'X-API-Key': org.key } }),
  );
  for (const [i, chunk] of speech.entries()) {
    client.send(chunk);
    await client.next('partial_result', i + 1, 90_000);
  }
  client.sendJson({ type: 'end_stream' });
  const final = await client.next('final_result', 1, 120_000);
  return { client, final };
}

/** The levels a call whose running score peaked at `max` must have raised, in order. */
const expectedLevels = (levels: AlertThresholds, max: number) =>
  ALERT_LEVELS.filter((level) => levels[level] <= max);

/** Sets the organisation's own alert levels. */
async function setLevels(org: TestOrg, levels: AlertThresholds) {
  const set = await app.json(
    '/api/v1/alert-levels',
    as(org.members.admin.jwt, { method: 'PUT', body: levels }),
  );
  expect(set.status).toBe(200);
}

describe('live call alerts', () => {
  it('raises each level the call reaches once, in order, on the socket and as webhooks', async () => {
    const org = await makeOrg(app, 'Alerts');
    const levels = { review: 0.01, alert: 0.04, hard_alert: 0.9 };
    await setLevels(org, levels);
    const { endpoint, secret } = await subscribed(org);
    const { client, final } = await streamCall(org);
    const partials = client.all('partial_result');
    const alerts = client.all('alert');
    const expected = expectedLevels(levels, final.max_score);
    expect(expected.length).toBeGreaterThan(0);
    expect(alerts.map((a) => a.level)).toEqual(expected);

    for (const alert of alerts) {
      expect(alert.threshold).toBe(levels[alert.level]);
      expect(alert.score).toBeGreaterThanOrEqual(alert.threshold);
      expect(alert.stream_id).toBe(client.streamId);
      // Raised by the first chunk whose running score reached it, or else by the final result.
      const first = partials.find((p) => p.cumulative_score >= alert.threshold);
      expect(alert.chunk_index).toBe(first?.chunk_index ?? null);
      const at = client.messages.indexOf(alert as ServerMessage);
      const reached = first ? client.messages.indexOf(first as ServerMessage) : -1;
      const finalAt = client.messages.indexOf(final as ServerMessage);
      if (first) expect(at).toBeGreaterThan(reached);
      expect(at).toBeLessThan(finalAt);
    }

    const requests = await endpoint.delivered(expected.length + 1);
    for (const r of requests) verified(r, secret);
    const events = succeeded(requests).map((r) => verified(r, secret));
    const alertEvents = events.filter((e) => e.type === 'call.alert');
    expect(new Set(alertEvents.map((e) => e.data.level))).toEqual(new Set(expected));
    for (const event of alertEvents) {
      const {
        type: _type,
        stream_id: _id,
        ...data
      } = alerts.find((a) => a.level === event.data.level)!;
      expect(event.data).toEqual(data);
    }
    const ended = events.find((e) => e.type === 'call.ended');
    expect(ended?.data).toMatchObject({
      call_id: client.streamId,
      source: 'stream',
      analysis_id: client.streamId,
      reason: 'end_stream',
      verdict: final.verdict,
      combined_score: final.combined_score,
      alert_levels: expected,
    });
    expect(JSON.stringify(ended)).not.toContain(final.transcript.slice(0, 20) || '\u0000');
  });

  it('keeps to the default levels: CallShield’s table', async () => {
    const org = await makeOrg(app, 'Default levels');
    const { endpoint, secret } = await subscribed(org);
    const { client, final } = await streamCall(org);
    const expected = expectedLevels(DEFAULTS, final.max_score);
    expect(client.all('alert').map((a) => [a.level, a.threshold])).toEqual(
      expected.map((level) => [level, DEFAULTS[level]]),
    );
    const events = succeeded(await endpoint.delivered(expected.length + 1)).map((r) =>
      verified(r, secret),
    );
    expect(events.find((e) => e.type === 'call.ended')?.data).toMatchObject({
      alert_levels: expected,
      max_score: final.max_score,
    });
  });
});

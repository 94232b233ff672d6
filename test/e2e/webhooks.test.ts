import { existsSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALERT_LEVELS, type AlertThresholds } from '#core/alerts';
import type { ServerMessage } from '#core/schemas/stream-protocol';
import { type WebhookEvent, WebhookEventSchema } from '#core/schemas/webhook-events';
import { type Scratch, scratch } from '../fixtures/media';
import { type ReceivedRequest, WebhookReceiver } from '../fixtures/webhook-receiver';
import { RECEIVER_PORTS } from '../receiver-ports';
import { onFakeEngine, referenceTranscript } from './engine';
import { chunksOf, SHARED_AUDIO, streamCall } from './streaming';

/**
 * Webhooks through the real local stack (wrangler dev, its local queue, the seeded dev
 * organisation) to real receivers on loopback (`node:http`), every delivery verified with the
 * `standardwebhooks` package: a real legal-threat robocall streamed in 5 s chunks raises
 * `call.alert` at each level its score reaches, and a receiver that is down for a while gets
 * every event once it is back.
 */

const ROBOCALL = `${SHARED_AUDIO}legal_threat_robocall.wav`;
const hasRobocall = existsSync(ROBOCALL);
if (!hasRobocall) console.warn(`e2e: ${ROBOCALL} is missing; the robocall alert test is skipped`);

const base = inject('workerUrl');
const receivers = RECEIVER_PORTS.e2e.receivers.map((port) => new WebhookReceiver(port));
let tmp: Scratch;
const created: string[] = [];

/** A request to the Worker as the dev organisation's owner. */
async function asOwner<T>(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      Authorization: `Bearer ${inject('devCredentials').user_jwt}`,
      'Content-Type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function subscribe(url: string, events: string[]) {
  const res = await asOwner<{ id: string; secret: string }>('/api/v1/integrations', {
    body: { url, events },
  });
  expect(res.status).toBe(201);
  created.push(res.body.id);
  return res.body;
}

beforeAll(async () => {
  tmp = await scratch();
  await Promise.all(receivers.map((r) => r.start()));
});

afterAll(async () => {
  for (const id of created) await asOwner(`/api/v1/integrations/${id}`, { method: 'DELETE' });
  await Promise.all(receivers.map((r) => r.stop()));
  await tmp?.cleanup();
});

function verify(request: ReceivedRequest, secret: string): WebhookEvent {
  return WebhookEventSchema.parse(new Webhook(secret).verify(request.body, request.headers));
}

/** Waits (bounded) until `read` returns a value. */
async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('live call alerts from a real robocall', () => {
  // What fires the alerts is tested here, not what pocketsphinx hears of the call (stream.test.ts
  // judges that): the fake engine answers each window with the call's reference transcript.
  if (hasRobocall) onFakeEngine(referenceTranscript('legal_threat_robocall.wav'));
  it.skipIf(!hasRobocall)(
    'raise call.alert once at each level the score reaches, in order, then call.ended',
    async () => {
      const receiver = receivers[0]!;
      const hook = await subscribe(receiver.url('robocall'), ['call.alert', 'call.ended']);
      const levels = (await asOwner<AlertThresholds>('/api/v1/alert-levels')).body;
      const client = await streamCall(await chunksOf(tmp, ROBOCALL, 'robocall'));
      const final = client.all('final_result')[0]!;
      const reached = ALERT_LEVELS.filter((level) => levels[level] <= final.max_score);
      // The robocall's words are a scam's: they reach at least the review level.
      expect(reached.length).toBeGreaterThan(0);

      const alerts = client.all('alert');
      expect(alerts.map((a) => a.level)).toEqual(reached);
      const partials = client.all('partial_result');
      for (const alert of alerts) {
        expect(alert.score).toBeGreaterThanOrEqual(levels[alert.level]);
        const first = partials.find((p) => p.cumulative_score >= levels[alert.level]);
        expect(alert.chunk_index).toBe(first?.chunk_index ?? null);
        expect(client.messages.indexOf(alert as ServerMessage)).toBeLessThan(
          client.messages.indexOf(final as ServerMessage),
        );
      }

      const ours = () =>
        receiver
          .received('robocall')
          .map((r) => verify(r, hook.secret))
          .filter((e) => 'call_id' in e.data && e.data.call_id === final.stream_id);
      const events = await until(
        () => {
          const seen = ours();
          return seen.some((e) => e.type === 'call.ended') &&
            seen.filter((e) => e.type === 'call.alert').length >= reached.length
            ? seen
            : undefined;
        },
        60_000,
        'the call.alert and call.ended deliveries',
      );
      const alertEvents = events.filter((e) => e.type === 'call.alert');
      expect(alertEvents.map((e) => e.type === 'call.alert' && e.data.level).sort()).toEqual(
        [...reached].sort(),
      );
      expect(new Set(alertEvents.map((e) => e.id)).size).toBe(reached.length);
      const ended = events.find((e) => e.type === 'call.ended');
      expect(ended?.data).toMatchObject({
        verdict: final.verdict,
        combined_score: final.combined_score,
        alert_levels: reached,
        total_chunks: final.total_chunks,
      });
    },
  );
});

describe('a receiver that is down for a while', () => {
  it('gets every event once it is back, with the same ids', async () => {
    const receiver = receivers[1]!;
    const hook = await subscribe(receiver.url('down'), ['call.alert', 'call.ended']);
    await receiver.stop();
    const sent: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const res = await asOwner<{ event_id: string }>(`/api/v1/integrations/${hook.id}/test`, {
          body: { event_type: i % 2 ? 'call.ended' : 'call.alert' },
        });
        expect(res.status).toBe(202);
        sent.push(res.body.event_id);
      }
      // Down until every delivery has been tried twice (wrangler dev's queue brought each back).
      await until(
        async () => {
          const log = await asOwner<{ deliveries: { attempt_count: number; status: string }[] }>(
            `/api/v1/integrations/${hook.id}/deliveries`,
          );
          const all = log.body.deliveries;
          return all.length === sent.length && all.every((d) => d.attempt_count >= 2)
            ? all
            : undefined;
        },
        60_000,
        'two failed attempts of every delivery',
      );
    } finally {
      await receiver.start();
    }
    const arrived = await until(
      () => {
        const ids = receiver.received('down').map((r) => verify(r, hook.secret).id);
        return new Set(ids).size >= sent.length ? ids : undefined;
      },
      60_000,
      'every event after the receiver came back',
    );
    expect(new Set(arrived)).toEqual(new Set(sent));
  });
});

import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '#core/schemas/webhook-events';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';
import { emitEvent } from '../../../worker/webhooks/emit';
import { as, eventually, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { Endpoint, setReceiverRunning, succeeded, verified } from '../workerd/receivers';

/**
 * Events through the real queue and its real consumer (miniflare runs the Worker's `queue`
 * handler) to real loopback receivers. Retries come on the workers project's short schedule
 * (`WEBHOOK_RETRY_SCHEDULE` 1s,1s,2s…, vitest.config.ts) through the queue's own delaySeconds.
 * Waits are bounded polls on what the receivers and the delivery log show, never sleeps.
 */

const app = testApp({ AUTH_MODE: 'on' });

async function subscribe(
  org: TestOrg,
  endpoint: Endpoint,
  events: string[] = [...WEBHOOK_EVENT_TYPES],
) {
  const res = await app.json<{ id: string; secret: string }>(
    '/api/v1/integrations',
    as(org.members.owner.jwt, { body: { url: endpoint.url, events } }),
  );
  expect(res.status).toBe(201);
  return res.body;
}

function emit(org: TestOrg, type: WebhookEventType) {
  return emitEvent(app.services, org.id, { type, data: EXAMPLE_EVENT_DATA[type] });
}

async function deliveriesOf(eventIds: string[]) {
  const rows = await serviceDb()
    .from('webhook_deliveries')
    .select('event_id, status, attempt_count')
    .in('event_id', eventIds);
  return (rows.data ?? []) as { event_id: string; status: string; attempt_count: number }[];
}

describe('every event type', () => {
  it('arrives signed, verifies with standardwebhooks, and carries its id and version', async () => {
    const org = await makeOrg(app, 'All events');
    const endpoint = new Endpoint();
    const hook = await subscribe(org, endpoint);
    const ids = new Map<string, WebhookEventType>();
    for (const type of WEBHOOK_EVENT_TYPES) ids.set((await emit(org, type)) ?? '', type);
    const requests = await endpoint.delivered(WEBHOOK_EVENT_TYPES.length);
    for (const r of requests) verified(r, hook.secret);
    const events = succeeded(requests).map((r) => verified(r, hook.secret));
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(ids.keys()));
    for (const event of events) {
      expect(event.type).toBe(ids.get(event.id));
      expect(event).toMatchObject({ version: 1, organization_id: org.id });
      expect(event.test).toBeUndefined();
      expect(event.data).toEqual(EXAMPLE_EVENT_DATA[event.type]);
    }
  });
});

describe('a receiver that is down for a while', () => {
  it('gets every event once it is back: the same ids, nothing lost', async () => {
    const org = await makeOrg(app, 'Receiver down');
    const endpoint = new Endpoint(crypto.randomUUID(), 1);
    const hook = await subscribe(org, endpoint);
    await setReceiverRunning(1, false);
    try {
      const sent = await Promise.all(WEBHOOK_EVENT_TYPES.map((type) => emit(org, type)));
      const ids = sent.filter((id): id is string => typeof id === 'string');
      expect(ids).toHaveLength(WEBHOOK_EVENT_TYPES.length);
      // Down until every delivery has failed twice (the queue brought each back on its own).
      const failedTwice = await eventually(async () => {
        const rows = await deliveriesOf(ids);
        return rows.length === ids.length && rows.every((r) => r.attempt_count >= 2)
          ? rows
          : undefined;
      });
      expect(failedTwice?.every((r) => r.status === 'pending')).toBe(true);
      await setReceiverRunning(1, true);
      const requests = await endpoint.delivered(ids.length);
      for (const r of requests) verified(r, hook.secret);
      const arrived = succeeded(requests).map((r) => verified(r, hook.secret).id);
      expect(new Set(arrived)).toEqual(new Set(ids));
      const done = await eventually(async () => {
        const rows = await deliveriesOf(ids);
        return rows.every((r) => r.status === 'succeeded') ? rows : undefined;
      });
      expect(done?.every((r) => r.attempt_count >= 3)).toBe(true);
      const log = await serviceDb()
        .from('webhook_attempts')
        .select('attempt, status_code, error, outcome')
        .eq('integration_id', hook.id)
        .order('attempt');
      const first = (log.data ?? []).filter((a) => a.attempt === 1);
      expect(first.every((a) => a.status_code === null && /^connection failed/.test(a.error))).toBe(
        true,
      );
    } finally {
      await setReceiverRunning(1, true);
    }
  });
});

describe('a slow receiver', () => {
  it("doesn't hold up another organisation's deliveries", async () => {
    const [slowOrg, fastOrg] = [await makeOrg(app, 'Slow'), await makeOrg(app, 'Fast')];
    const slow = new Endpoint();
    const fast = new Endpoint();
    const slowHook = await subscribe(slowOrg, slow, ['call.alert']);
    const fastHook = await subscribe(fastOrg, fast, ['call.alert']);
    await slow.mode({ kind: 'hold' });
    const emitted = await Promise.all([
      ...[1, 2, 3].map(() => emit(slowOrg, 'call.alert')),
      ...[1, 2, 3].map(() => emit(fastOrg, 'call.alert')),
    ]);
    expect(emitted.every((id) => typeof id === 'string')).toBe(true);
    const fastRequests = await fast.delivered(3);
    // The slow endpoint still holds its requests open: the fast one did not wait for them.
    expect((await slow.state()).held).toBeGreaterThan(0);
    for (const r of fastRequests) verified(r, fastHook.secret);
    await slow.release();
    const slowRequests = await slow.delivered(3);
    // Every request the slow endpoint saw, the timed-out ones too, was signed.
    for (const r of slowRequests) verified(r, slowHook.secret);
    const slowIds = new Set(succeeded(slowRequests).map((r) => verified(r, slowHook.secret).id));
    expect(slowIds).toEqual(new Set(emitted.slice(0, 3)));
  });
});

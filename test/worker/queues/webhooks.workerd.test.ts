import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';
import { WEBHOOK_DEAD_LETTER_PREFIX } from '../../../worker/queues/dead-letter';
import { QUEUES } from '../../../worker/queues/index';
import { consumeWebhooks, SWEEP_OVERDUE_S, sweepWebhooks } from '../../../worker/queues/webhooks';
import { createServices, type Services } from '../../../worker/services/index';
import { buildEvent, emitEvent } from '../../../worker/webhooks/emit';
import type { ReceivedRequest } from '../../fixtures/webhook-receiver';
import { as, FakeClock, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { Endpoint, verified } from '../workerd/receivers';

/**
 * The webhooks consumer driven by hand: the test plays the queue (it reads the delaySeconds the
 * consumer asks for and wakes the delivery again after moving a fake clock that far), so a
 * whole day's schedule runs in seconds. Deliveries go over real HTTP to a real loopback
 * receiver and every one is verified with `standardwebhooks` at the time it was sent.
 */

const app = testApp({ AUTH_MODE: 'on' });
let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(app, 'Webhook consumer');
});

/** The production schedule: 30s, 2m, 10m, 30m, 2h, 6h, 12h. */
const SCHEDULE = [30, 120, 600, 1_800, 7_200, 21_600, 43_200];

/** Services on `clock` with no queue: nothing is woken behind the test's back. */
function servicesOn(clock: FakeClock, vars: Record<string, string> = {}, queue?: Queue): Services {
  const bindings = { ...env, WEBHOOK_RETRY_SCHEDULE: '30s,2m,10m,30m,2h,6h,12h', ...vars };
  return createServices({ ...bindings, WEBHOOK_QUEUE: queue } as Env, { now: clock.now });
}

interface Hook {
  id: string;
  secret: string;
}

/** The endpoints a test used, with their secrets: every request they saw is verified after it. */
let used: { endpoint: Endpoint; secret: string }[] = [];
afterEach(async () => {
  for (const { endpoint, secret } of used)
    for (const request of await endpoint.requests()) verifiedAtArrival(request, secret);
  used = [];
});

async function integration(endpoint: Endpoint, events = ['call.alert']): Promise<Hook> {
  const res = await app.json<Hook>(
    '/api/v1/integrations',
    as(org.members.admin.jwt, { body: { url: endpoint.url, events } }),
  );
  expect(res.status).toBe(201);
  used.push({ endpoint, secret: res.body.secret });
  return res.body;
}

/** Emits a call.alert and returns its event id and the delivery to `hook`. */
async function emitted(services: Services, hook: Hook) {
  const eventId = await emitEvent(services, org.id, {
    type: 'call.alert',
    data: EXAMPLE_EVENT_DATA['call.alert'],
  });
  expect(eventId).toMatch(/^evt_/);
  const rows = await serviceDb()
    .from('webhook_deliveries')
    .select('id')
    .eq('event_id', eventId)
    .eq('integration_id', hook.id);
  const id = rows.data?.[0]?.id as string | undefined;
  if (!id) throw new Error('no delivery was made');
  return { eventId: eventId as string, deliveryId: id };
}

/** Delivers one `delivery` message to the consumer; says whether it was acked or retried. */
async function wake(services: Services, deliveryId: string) {
  const outcome: { acked: boolean; delayS?: number } = { acked: false };
  const message = {
    id: crypto.randomUUID(),
    timestamp: new Date(),
    attempts: 1,
    body: { kind: 'delivery', delivery_id: deliveryId },
    ack: () => {
      outcome.acked = true;
    },
    retry: (options?: { delaySeconds?: number }) => {
      outcome.delayS = options?.delaySeconds;
    },
  };
  await consumeWebhooks(
    { queue: QUEUES.webhooks, messages: [message] } as unknown as MessageBatch,
    services,
  );
  return outcome;
}

/** Plays the queue until the message is acked (at most `max` wakes); returns the delays. */
async function untilAcked(services: Services, clock: FakeClock, deliveryId: string, max = 12) {
  const delays: number[] = [];
  for (let i = 0; i < max; i++) {
    const outcome = await wake(services, deliveryId);
    if (outcome.acked) return delays;
    expect(outcome.delayS).toBeGreaterThan(0);
    delays.push(outcome.delayS ?? 0);
    clock.advance((outcome.delayS ?? 0) * 1000);
  }
  throw new Error(`not acked after ${max} wakes`);
}

/** Verifies a request with standardwebhooks as a receiver would when it arrived. */
function verifiedAtArrival(request: ReceivedRequest, secret: string) {
  const sentAt = Number(request.headers['webhook-timestamp']) * 1000;
  const now = vi.spyOn(Date, 'now').mockReturnValue(sentAt + 1_000);
  try {
    return verified(request, secret);
  } finally {
    now.mockRestore();
  }
}

async function attempts(deliveryId: string) {
  const rows = await serviceDb()
    .from('webhook_attempts')
    .select('attempt, attempted_at, status_code, error, outcome, next_attempt_at')
    .eq('delivery_id', deliveryId)
    .order('attempt');
  return rows.data as {
    attempt: number;
    attempted_at: string;
    status_code: number | null;
    error: string | null;
    outcome: string;
    next_attempt_at: string | null;
  }[];
}

async function integrationRow(id: string) {
  const res = await app.json<{ enabled: boolean; disabled_reason: string | null }>(
    `/api/v1/integrations/${id}`,
    as(org.members.admin.jwt),
  );
  return res.body;
}

const within = (delay: number, base: number) =>
  delay >= Math.ceil(base * 0.75) && delay <= Math.ceil(base * 1.25);

describe('the retry schedule', () => {
  it('retries 5xx with back-off and jitter, then delivers the same signed event', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const services = servicesOn(clock);
    await endpoint.mode({ kind: 'status', status: 503, times: 3 });
    const { eventId, deliveryId } = await emitted(services, hook);
    const delays = await untilAcked(services, clock, deliveryId);
    expect(delays).toHaveLength(3);
    delays.forEach((delay, i) => {
      expect(within(delay, SCHEDULE[i] ?? 0), `delay ${i + 1}: ${delay}`).toBe(true);
    });
    const requests = await endpoint.requests();
    expect(requests.map((r) => r.answer)).toEqual([503, 503, 503, 200]);
    for (const request of requests)
      expect(verifiedAtArrival(request, hook.secret).id).toBe(eventId);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    const log = await attempts(deliveryId);
    expect(log.map((a) => [a.attempt, a.status_code, a.outcome])).toEqual([
      [1, 503, 'retrying'],
      [2, 503, 'retrying'],
      [3, 503, 'retrying'],
      [4, 200, 'succeeded'],
    ]);
    // Each attempt was made when the one before said the next try was due.
    for (let i = 0; i < 3; i++)
      expect(Date.parse(log[i]?.next_attempt_at ?? '')).toBe(
        Date.parse(log[i + 1]?.attempted_at ?? ''),
      );
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const services = servicesOn(clock);
    await endpoint.mode({ kind: 'status', status: 429, retryAfter: '3600', times: 1 });
    const { deliveryId } = await emitted(services, hook);
    expect(await untilAcked(services, clock, deliveryId)).toEqual([3600]);
  });

  it('does not retry a 4xx other than 429, and keeps the endpoint enabled', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const services = servicesOn(new FakeClock());
    await endpoint.mode({ kind: 'status', status: 422, body: '{"error":"unknown type"}' });
    const { deliveryId } = await emitted(services, hook);
    expect(await wake(services, deliveryId)).toEqual({ acked: true });
    const log = await attempts(deliveryId);
    expect(log).toEqual([expect.objectContaining({ status_code: 422, outcome: 'failed' })]);
    expect(await integrationRow(hook.id)).toMatchObject({ enabled: true });
  });

  it('retries a timeout', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const services = servicesOn(clock, { WEBHOOK_TIMEOUT_MS: '1000' });
    await endpoint.mode({ kind: 'hold' });
    const { deliveryId } = await emitted(services, hook);
    const first = await wake(services, deliveryId);
    expect(first.acked).toBe(false);
    expect((await attempts(deliveryId))[0]).toMatchObject({
      status_code: null,
      error: 'timed out after 1000 ms',
      outcome: 'retrying',
    });
    await endpoint.release();
    clock.advance((first.delayS ?? 0) * 1000);
    expect((await wake(services, deliveryId)).acked).toBe(true);
  });

  it('makes a wake-up that comes early wait, and an attempt in flight hold the delivery', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const services = servicesOn(clock);
    await endpoint.mode({ kind: 'status', status: 500, times: 1 });
    const { deliveryId } = await emitted(services, hook);
    const first = await wake(services, deliveryId);
    clock.advance(10_000);
    const early = await wake(services, deliveryId);
    expect(early).toEqual({ acked: false, delayS: (first.delayS ?? 0) - 10 });
    expect(await endpoint.requests()).toHaveLength(1);

    clock.advance((early.delayS ?? 0) * 1000);
    await endpoint.mode({ kind: 'hold' });
    const inFlight = wake(services, deliveryId);
    await expect.poll(async () => (await endpoint.state()).held, { timeout: 10_000 }).toBe(1);
    const second = await wake(services, deliveryId);
    expect(second.acked).toBe(false);
    expect(await endpoint.requests()).toHaveLength(2);
    await endpoint.release();
    expect((await inFlight).acked).toBe(true);
  });
});

describe('endpoints that fail', () => {
  it('a 410 disables the integration with a visible reason; it gets nothing more', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const services = servicesOn(new FakeClock());
    await endpoint.mode({ kind: 'status', status: 410 });
    const { deliveryId } = await emitted(services, hook);
    expect((await wake(services, deliveryId)).acked).toBe(true);
    expect(await attempts(deliveryId)).toEqual([expect.objectContaining({ outcome: 'gone' })]);
    expect(await integrationRow(hook.id)).toMatchObject({
      enabled: false,
      disabled_reason: 'the endpoint answered 410 Gone',
    });
    await expect(emitted(services, hook)).rejects.toThrow(/no delivery/);
  });

  it('uses up the schedule against a dead endpoint, marks it failed and disables the endpoint', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const services = servicesOn(clock);
    await endpoint.mode({ kind: 'reset' });
    const { deliveryId } = await emitted(services, hook);
    const pending = await emitted(services, hook);
    const delays = await untilAcked(services, clock, deliveryId);
    expect(delays).toHaveLength(SCHEDULE.length);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeGreaterThan(15);
    const log = await attempts(deliveryId);
    expect(log).toHaveLength(8);
    expect(
      log.every((a) => a.status_code === null && /^connection failed/.test(a.error ?? '')),
    ).toBe(true);
    expect(log.map((a) => a.outcome)).toEqual([...Array(7).fill('retrying'), 'failed']);
    const row = await integrationRow(hook.id);
    expect(row.enabled).toBe(false);
    expect(row.disabled_reason).toMatch(
      /^every delivery attempt since .+ failed \(last: connection failed/,
    );
    // What was still pending is marked failed, not sent, and can be redelivered later.
    expect(await wake(services, pending.deliveryId)).toEqual({ acked: true });
    const left = await serviceDb()
      .from('webhook_deliveries')
      .select('status, last_error, attempt_count')
      .eq('id', pending.deliveryId)
      .single();
    expect(left.data).toEqual({
      status: 'failed',
      attempt_count: 0,
      last_error: 'not sent: the integration is disabled',
    });
  });
});

describe('events and their deliveries', () => {
  it('go to the enabled integrations subscribed to the type, once per event id', async () => {
    const own = await makeOrg(app, 'Fan-out');
    const admin = own.members.admin.jwt;
    const make = async (events: string[]) =>
      (
        await app.json<{ id: string }>(
          '/api/v1/integrations',
          as(admin, { body: { url: new Endpoint().url, events } }),
        )
      ).body.id;
    const alerts = await make(['call.alert']);
    await make(['call.ended']);
    const off = await make(['call.alert']);
    await app.json(
      `/api/v1/integrations/${off}`,
      as(admin, { method: 'PATCH', body: { enabled: false } }),
    );
    const services = servicesOn(new FakeClock());
    const input = {
      type: 'call.alert' as const,
      data: EXAMPLE_EVENT_DATA['call.alert'],
      dedupeKey: 'stream-1:alert',
    };
    const first = await emitEvent(services, own.id, input);
    expect(await emitEvent(services, own.id, input)).toBe(first);
    const rows = await serviceDb()
      .from('webhook_deliveries')
      .select('integration_id')
      .eq('organization_id', own.id);
    expect(rows.data?.map((r) => r.integration_id)).toEqual([alerts]);
  });

  it('drops data that does not fit its schema, with an error, and never throws', async () => {
    const services = servicesOn(new FakeClock());
    const bad = { type: 'call.alert', data: { level: 'panic' } } as never;
    await expect(emitEvent(services, org.id, bad)).resolves.toBeNull();
    await expect(
      emitEvent(services, 'public', { type: 'call.ended', data: EXAMPLE_EVENT_DATA['call.ended'] }),
    ).resolves.toBeNull();
  });

  it('keeps in R2 an event the database refuses for good (its organisation is gone)', async () => {
    const services = servicesOn(new FakeClock());
    const event = await buildEvent(
      crypto.randomUUID(),
      { type: 'call.ended', data: EXAMPLE_EVENT_DATA['call.ended'] },
      Date.now,
    );
    if ('error' in event) throw new Error(event.error);
    let acked = false;
    const message = {
      id: 'm1',
      timestamp: new Date(),
      attempts: 1,
      body: { kind: 'event', event },
      ack: () => {
        acked = true;
      },
      retry: () => {},
    };
    await consumeWebhooks(
      { queue: QUEUES.webhooks, messages: [message] } as unknown as MessageBatch,
      services,
    );
    expect(acked).toBe(true);
    const kept = await env.AUDIO_BUCKET.get(`${WEBHOOK_DEAD_LETTER_PREFIX}${event.id}.json`);
    const letter = kept ? await kept.json<{ reason: string }>() : null;
    expect(letter?.reason).toMatch(/refused by the database/);
  });
});

describe('the sweeper', () => {
  it('wakes deliveries whose message was lost, once they are overdue', async () => {
    const endpoint = new Endpoint();
    const hook = await integration(endpoint);
    const clock = new FakeClock();
    const woken: string[] = [];
    const queue = {
      sendBatch: async (messages: { body: { delivery_id: string } }[]) => {
        for (const m of messages) woken.push(m.body.delivery_id);
      },
    } as unknown as Queue;
    // Made without a queue: nothing woke it.
    const { deliveryId } = await emitted(servicesOn(clock), hook);
    const sweeping = servicesOn(clock, {}, queue);
    await sweepWebhooks(sweeping);
    expect(woken).not.toContain(deliveryId);
    clock.advance((SWEEP_OVERDUE_S + 1) * 1000);
    await sweepWebhooks(sweeping);
    expect(woken).toContain(deliveryId);
    expect((await wake(sweeping, deliveryId)).acked).toBe(true);
    expect(await endpoint.requests()).toHaveLength(1);
  });
});

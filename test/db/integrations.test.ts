import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisCompletedSchema,
  ReviewSubmittedSchema,
  WEBHOOK_EVENT_TYPES,
} from '#core/schemas/webhook-events';
import { newSigningSecret } from '../../worker/webhooks/signature';
import { makeOrg, serviceClient, type TestOrg, withDb } from './clients';

/**
 * Integrations, their events, deliveries and attempts under row-level security: admins of the
 * organisation only; signing secrets unreadable to every signed-in user; the queue's functions
 * for the service role alone.
 */

const COLUMNS =
  'id, organization_id, url, description, events, enabled, disabled_reason, created_at';

let org: TestOrg;
let other: TestOrg;
let integrationId: string;
let deliveryId: string;
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg('Hooks'), makeOrg('Other hooks')]);
  const created = await org.members.admin.db
    .from('integrations')
    .insert({
      organization_id: org.id,
      url: 'https://hooks.example.com/a',
      events: ['call.alert'],
      secret: newSigningSecret(),
    })
    .select('id')
    .single();
  integrationId = created.data?.id;
  const service = serviceClient();
  const eventId = `evt_${'0'.repeat(31)}1`;
  const queued = await service.rpc('enqueue_webhook_event', {
    p_event_id: eventId,
    p_organization: org.id,
    p_type: 'call.alert',
    p_version: 1,
    p_body: '{}',
    p_now: new Date().toISOString(),
  });
  deliveryId = (queued.data as string[])[0] ?? '';
});

describe('integrations', () => {
  it('are created and read by admins and owners only', async () => {
    expect(integrationId).toBeTruthy();
    for (const role of ['owner', 'admin'] as const) {
      const read = await org.members[role].db.from('integrations').select(COLUMNS);
      expect(read.data?.map((r) => r.id)).toEqual([integrationId]);
    }
    for (const role of ['reviewer', 'analyst', 'viewer'] as const) {
      const read = await org.members[role].db.from('integrations').select(COLUMNS);
      expect(read.data, role).toEqual([]);
      const insert = await org.members[role].db.from('integrations').insert({
        organization_id: org.id,
        url: 'https://x.example.com/',
        events: ['call.ended'],
        secret: newSigningSecret(),
      });
      expect(insert.error?.code, role).toBe('42501');
    }
  });

  it("are invisible and untouchable to another organisation's owner", async () => {
    const owner = other.members.owner.db;
    expect((await owner.from('integrations').select(COLUMNS)).data).toEqual([]);
    const changed = await owner
      .from('integrations')
      .update({ enabled: false })
      .eq('id', integrationId)
      .select('id');
    expect(changed.data).toEqual([]);
    const insert = await owner.from('integrations').insert({
      organization_id: org.id,
      url: 'https://x.example.com/',
      events: ['call.ended'],
      secret: newSigningSecret(),
    });
    expect(insert.error?.code).toBe('42501');
    const rotated = await owner.rpc('rotate_integration_secret', {
      target: integrationId,
      new_secret: newSigningSecret(),
      grace_seconds: 60,
    });
    expect(rotated.error?.code).toBe('P0002');
  });

  it('never show a signing secret to a signed-in user, however they ask', async () => {
    const owner = org.members.owner.db;
    const attempts = await Promise.all([
      owner.from('integrations').select('*'),
      owner.from('integrations').select('secret'),
      owner.from('integrations').select('previous_secret'),
      owner.from('integrations').select('id').eq('secret', 'whsec_x'),
      owner.from('organizations').select('id, integrations(secret)'),
    ]);
    for (const result of attempts) {
      expect(result.error?.code).toBe('42501');
      expect(result.data).toBeNull();
    }
  });

  it('refuse a malformed secret, an empty or unknown event list, a short URL', async () => {
    const admin = org.members.admin.db;
    const base = {
      organization_id: org.id,
      url: 'https://x.example.com/',
      events: ['call.alert'],
      secret: newSigningSecret(),
    };
    for (const bad of [
      { secret: 'whsec_short' },
      { events: [] },
      { events: ['nope'] },
      { url: 'x' },
    ]) {
      const res = await admin.from('integrations').insert({ ...base, ...bad });
      expect(res.error, JSON.stringify(bad)).not.toBeNull();
    }
  });
});

describe('deliveries and attempts', () => {
  it('are read by admins of the organisation only, and written by nobody else', async () => {
    const admin = org.members.admin.db;
    expect((await admin.from('webhook_deliveries').select('id')).data).toEqual([
      { id: deliveryId },
    ]);
    expect((await admin.from('webhook_events').select('id')).data).toHaveLength(1);
    for (const client of [org.members.analyst.db, other.members.owner.db]) {
      expect((await client.from('webhook_deliveries').select('id')).data).toEqual([]);
      expect((await client.from('webhook_events').select('id')).data).toEqual([]);
    }
    const forged = await admin
      .from('webhook_deliveries')
      .update({ status: 'succeeded' })
      .eq('id', deliveryId);
    expect(forged.error?.code).toBe('42501');
    const logged = await admin.from('webhook_attempts').insert({
      delivery_id: deliveryId,
      integration_id: integrationId,
      organization_id: org.id,
      attempt: 1,
      attempted_at: new Date().toISOString(),
      latency_ms: 1,
      outcome: 'succeeded',
    });
    expect(logged.error?.code).toBe('42501');
  });

  it("are the queue's to move: its functions are refused to signed-in users", async () => {
    const owner = org.members.owner.db;
    const now = new Date().toISOString();
    const calls = await Promise.all([
      owner.rpc('claim_webhook_delivery', {
        p_delivery: deliveryId,
        p_now: now,
        p_lease_seconds: 1,
      }),
      owner.rpc('due_webhook_deliveries', { p_now: now, p_overdue_seconds: 0, p_limit: 10 }),
      owner.rpc('enqueue_webhook_event', {
        p_event_id: `evt_${'0'.repeat(31)}2`,
        p_organization: org.id,
        p_type: 'call.alert',
        p_version: 1,
        p_body: '{}',
        p_now: now,
      }),
    ]);
    for (const call of calls) expect(call.error?.code).toBe('42501');
  });

  it('can be redelivered by an admin of the organisation only', async () => {
    const refused = await other.members.owner.db.rpc('redeliver_webhook_delivery', {
      target: deliveryId,
    });
    expect(refused.error?.code).toBe('P0002');
    const done = await org.members.admin.db.rpc('redeliver_webhook_delivery', {
      target: deliveryId,
    });
    expect(done.data).toBe(deliveryId);
  });
});

describe('alert levels', () => {
  it('are set by admins, must rise, and are read by members', async () => {
    const set = (role: 'admin' | 'analyst', levels: number[] | null) =>
      org.members[role].db
        .from('organizations')
        .update({ call_alert_levels: levels })
        .eq('id', org.id)
        .select('call_alert_levels');
    expect((await set('analyst', [0.2, 0.4, 0.8])).data).toEqual([]);
    expect((await set('admin', [0.5, 0.4, 0.8])).error?.code).toBe('23514');
    expect((await set('admin', [0.2, 0.4])).error?.code).toBe('23514');
    expect((await set('admin', [0.2, 0.4, 0.8])).data).toEqual([
      { call_alert_levels: [0.2, 0.4, 0.8] },
    ]);
    const read = await org.members.viewer.db.from('organizations').select('call_alert_levels');
    expect(read.data).toEqual([{ call_alert_levels: [0.2, 0.4, 0.8] }]);
  });
});

describe('enums', () => {
  it('name the event types, analysis sources and review outcomes as the code does', async () => {
    const labels = (type: string) =>
      withDb(async (db) =>
        (
          await db.query<{ label: string }>(
            `select enumlabel as label from pg_enum where enumtypid = $1::regtype order by enumsortorder`,
            [type],
          )
        ).rows.map((r) => r.label),
      );
    expect(await labels('public.webhook_event_type')).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(await labels('public.analysis_source')).toEqual(
      AnalysisCompletedSchema.shape.source.options,
    );
    expect(await labels('public.review_outcome')).toEqual(
      ReviewSubmittedSchema.shape.outcome.options,
    );
  });
});

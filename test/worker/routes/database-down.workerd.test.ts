import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewAnalysis } from '../../../worker/db/call-analyses';
import { KEY_CACHE_TTL_MS, STALE_IF_DB_DOWN_MS } from '../../../worker/services/auth/authenticator';
import {
  as,
  control,
  eventually,
  FakeClock,
  signUp,
  type TestUser,
  testApp,
  workersSupabase,
} from '../workerd/harness';
import { codeOf } from './client';

/**
 * The Worker with its database away. Runs against the spare local Supabase, whose PostgREST or
 * Postgres this file stops and starts (other files use the main one). Analyses are still
 * answered for keys and users seen recently, and their rows are handed to the queue (a
 * recording queue here; the real consumer's retries are tested in test/worker/queues and the
 * whole path in the e2e fault test). Routes that need the database answer 503 with
 * Retry-After; unknown keys get 503, not 401.
 */

const clock = new FakeClock();
const queued: NewAnalysis[] = [];
const recordingQueue = {
  send: async (row: NewAnalysis) => void queued.push(row),
} as unknown as Queue;
const app = testApp(
  { AUTH_MODE: 'on', SUPABASE_URL: workersSupabase().spareUrl },
  { clock, bindings: { ANALYSIS_QUEUE: recordingQueue } },
);
const transcript = {
  transcript:
    'This is the IRS. A warrant will be issued for your arrest today unless you pay with Google Play gift cards.',
};

let owner: TestUser;
let orgId: string;
let usedKey: string;

async function newKey(name: string): Promise<string> {
  const res = await app.json<{ key: string }>(
    '/api/v1/api-keys',
    as(owner.jwt, { body: { name }, headers: { 'x-orgid': orgId } }),
  );
  expect(res.status).toBe(201);
  return res.body.key;
}

/** Runs `body` with one part of the spare database stopped, and waits until it answers again. */
async function withoutDatabase(part: 'postgrest' | 'postgres', body: () => Promise<void>) {
  await control(`/spare/${part}/stop`);
  try {
    await body();
  } finally {
    await control(`/spare/${part}/start`);
    // PostgREST reconnects to a restarted Postgres by itself: wait (bounded) until it serves.
    const back = await eventually(async () => {
      // The member list always reads the database (/me may answer from the cache).
      const res = await app.fetch('/api/v1/members', as(owner.jwt));
      return res.status === 200 ? true : undefined;
    });
    expect(back).toBe(true);
  }
}

beforeAll(async () => {
  await control('/spare/start');
  owner = await signUp('spare');
  const org = await app.json<{ id: string }>(
    '/api/v1/organizations',
    as(owner.jwt, { body: { name: 'Outage' } }),
  );
  orgId = org.body.id;
  usedKey = await newKey('used');
  // Seen once: cached from now on.
  expect((await app.fetch('/analyze/text', as(usedKey, { body: transcript }))).status).toBe(200);
  expect((await app.fetch('/analyze/text', as(owner.jwt, { body: transcript }))).status).toBe(200);
});

afterAll(async () => {
  await control('/spare/postgrest/start').catch(() => undefined);
});

describe.each(['postgrest', 'postgres'] as const)('with %s stopped', (part) => {
  it('answers analyses for recently seen keys and users, and queues their rows', async () => {
    await withoutDatabase(part, async () => {
      queued.length = 0;
      for (const credential of [usedKey, owner.jwt]) {
        const res = await app.json<{ id: string; verdict: string }>(
          '/analyze/text',
          as(credential, { body: transcript }),
        );
        expect(res.status).toBe(200);
        expect(res.body.verdict).not.toBe('SAFE');
      }
      expect(queued.map((row) => row.organization_id)).toEqual([orgId, orgId]);
    });
  });

  it('answers 503 with Retry-After for unknown keys and for routes that need the database', async () => {
    const unusedKey = await newKey(`unused while ${part} is down`);
    await withoutDatabase(part, async () => {
      const needDatabase: [string, RequestInit][] = [
        ['/analyze/text', as(unusedKey, { body: transcript })],
        ['/api/v1/members', as(owner.jwt)],
        ['/api/v1/api-keys', as(owner.jwt)],
        ['/api/v1/analyses/00000000-0000-4000-8000-000000000000', as(usedKey)],
        ['/api/v1/organizations', as(owner.jwt, { body: { name: 'During the outage' } })],
      ];
      for (const [path, init] of needDatabase) {
        const res = await app.json(path, init);
        expect(res.status, path).toBe(503);
        expect(codeOf(res.body)).toBe('DATABASE_UNAVAILABLE');
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      }
    });
    // Back again: the key nobody had seen works.
    expect((await app.fetch('/analyze/text', as(unusedKey, { body: transcript }))).status).toBe(
      200,
    );
  });
});

describe('a cached key during a long outage', () => {
  it('keeps working past its TTL, but not past the stale limit', async () => {
    await withoutDatabase('postgrest', async () => {
      clock.advance(KEY_CACHE_TTL_MS + 1);
      expect((await app.fetch('/analyze/text', as(usedKey, { body: transcript }))).status).toBe(
        200,
      );
      clock.advance(STALE_IF_DB_DOWN_MS);
      const res = await app.json<{ error: { code: string } }>(
        '/analyze/text',
        as(usedKey, { body: transcript }),
      );
      expect(res.status).toBe(503);
    });
  });
});

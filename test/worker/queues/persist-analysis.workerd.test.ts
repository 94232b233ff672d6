import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bands, fingerprint, fingerprintToBase64 } from '#core/campaigns/fingerprint';
import { createLogger } from '#core/log';
import type { NewAnalysis } from '../../../worker/db/call-analyses';
import { recordCampaignCall } from '../../../worker/db/campaigns';
import { databaseFor } from '../../../worker/db/client';
import worker from '../../../worker/index';
import { DEAD_LETTER_PREFIX } from '../../../worker/queues/dead-letter';
import { QUEUES } from '../../../worker/queues/index';
import { persistAnalyses, retryDelaySeconds } from '../../../worker/queues/persist-analysis';
import { analysisSinkFor } from '../../../worker/services/analysis-sink';
import { createServices } from '../../../worker/services/index';
import { makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';

/**
 * The persist-analysis consumer and its dead-letter queue, driven with batches the test builds
 * (so retries and acks are read back, not waited for), against the real local Supabase.
 */

/**
 * Nothing listens here: the database is unreachable, as when its gateway is down. (workerd logs
 * "uncaught exception … Network connection lost" for every refused connection, even one the
 * code catches; those lines are the runtime's, not a failure.)
 */
const UNREACHABLE = 'http://127.0.0.1:9';

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg(testApp({ AUTH_MODE: 'on' }), 'Queue');
});

function row(overrides: Partial<NewAnalysis> = {}): NewAnalysis {
  const at = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    organization_id: org.id,
    source: 'text',
    status: 'completed',
    transcript: 'Pay with gift cards.',
    result: { verdict: 'SCAM' },
    combined_score: 0.9,
    verdict: 'SCAM',
    engines: ['local'],
    review_required: false,
    review_reason: null,
    review_status: 'none',
    created_by: null,
    api_key_id: org.keyId,
    file_name: null,
    audio_key: null,
    trimmed_audio_key: null,
    metadata: {},
    created_at: at,
    completed_at: at,
    ...overrides,
  };
}

function batchOf(queue: string, bodies: unknown[], attempts = 1) {
  return createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts, body })),
  );
}

async function consume(queue: string, bodies: unknown[], attempts = 1) {
  const batch = batchOf(queue, bodies, attempts);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

async function stored(id: string) {
  const found = await serviceDb().from('call_analyses').select('*').eq('id', id).maybeSingle();
  return found.data as Record<string, unknown> | null;
}

async function deadLettered(id: string) {
  const object = await env.AUDIO_BUCKET.get(`${DEAD_LETTER_PREFIX}${id}.json`);
  return object ? ((await object.json()) as { reason: string; row: { id: string } }) : null;
}

describe('the analyses consumer', () => {
  it('writes every row of a batch and acknowledges each', async () => {
    const rows = [row(), row({ source: 'audio' }), row({ source: 'stream' })];
    const result = await consume(QUEUES.analyses, rows);
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1', 'm2']);
    expect(result.retryMessages).toEqual([]);
    for (const r of rows) expect(await stored(r.id)).toMatchObject({ id: r.id, source: r.source });
  });

  it('is idempotent: a redelivered message writes nothing new', async () => {
    const first = row();
    await consume(QUEUES.analyses, [first]);
    const redelivered = await consume(QUEUES.analyses, [{ ...first, verdict: 'SAFE' }], 2);
    expect(redelivered.explicitAcks).toEqual(['m0']);
    expect(await stored(first.id)).toMatchObject({ verdict: 'SCAM' });
    const count = await serviceDb()
      .from('call_analyses')
      .select('id', { count: 'exact', head: true })
      .eq('id', first.id);
    expect(count.count).toBe(1);
  });

  it('dead-letters a message that is not an analysis, and writes the rest', async () => {
    const good = row();
    const badId = crypto.randomUUID();
    const result = await consume(QUEUES.analyses, [good, { id: badId, organization_id: org.id }]);
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(await stored(good.id)).not.toBeNull();
    expect((await deadLettered(badId))?.reason).toMatch(/not an analysis row/);
  });

  it('dead-letters a row the database refuses for good, and writes the rest', async () => {
    const good = row();
    const orphan = row({ organization_id: crypto.randomUUID() });
    const result = await consume(QUEUES.analyses, [good, orphan]);
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(await stored(good.id)).not.toBeNull();
    expect(await stored(orphan.id)).toBeNull();
    const letter = await deadLettered(orphan.id);
    expect(letter?.reason).toMatch(/refused by the database \(not_found 23503\)/);
    expect(letter?.row.id).toBe(orphan.id);
  });

  it('retries every message with back-off while the database is unreachable', async () => {
    const services = createServices({ ...env, SUPABASE_URL: UNREACHABLE } as Env);
    const rows = [row(), row()];
    for (const attempts of [1, 3, 12]) {
      // getQueueResult does not report delays, so this batch records what the consumer asks for.
      const acked: string[] = [];
      const retried: { id: string; delaySeconds?: number }[] = [];
      const messages = rows.map((body, i) => ({
        id: `m${i}`,
        timestamp: new Date(),
        attempts,
        body,
        ack: () => acked.push(`m${i}`),
        retry: (options?: { delaySeconds?: number }) =>
          retried.push({ id: `m${i}`, delaySeconds: options?.delaySeconds }),
      }));
      await persistAnalyses(
        { queue: QUEUES.analyses, messages } as unknown as MessageBatch,
        services,
      );
      expect(acked).toEqual([]);
      expect(retried).toEqual([
        { id: 'm0', delaySeconds: retryDelaySeconds(attempts) },
        { id: 'm1', delaySeconds: retryDelaySeconds(attempts) },
      ]);
    }
    for (const r of rows) expect(await stored(r.id)).toBeNull();
  });

  it('backs off exponentially from 2 s, capped at 5 minutes', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map(retryDelaySeconds)).toEqual([2, 4, 8, 16, 256, 300, 300]);
  });

  it('joins a call to the campaign its answer named, and one that named none by its script', async () => {
    // A campaign of another script: only the live call's own word puts a row in it.
    const other = fingerprint(
      'Your vehicle warranty is about to expire, press one to renew it today.',
    );
    const named = await recordCampaignCall(serviceDb(), {
      org: org.id,
      verdict: 'SCAM',
      at: new Date().toISOString(),
      fingerprint: fingerprintToBase64(other),
      bands: bands(other),
    });
    const transcript = 'Hello grandma it is me, I am in jail and need bail money wired tonight.';
    const live = row({ source: 'stream', transcript, result: { campaign_id: named } });
    const phone = row({ source: 'twilio', transcript, result: {} });
    await consume(QUEUES.analyses, [live, phone]);
    expect(await stored(live.id)).toMatchObject({ campaign_id: named });
    const joined = (await stored(phone.id))?.campaign_id;
    expect(typeof joined).toBe('string');
    expect(joined).not.toBe(named);
    // A text or audio report that named a labelled campaign joins it the same way.
    const text = row({ source: 'text', transcript, result: { campaign_id: named } });
    const audio = row({ source: 'audio', transcript, result: { campaign_id: named } });
    await consume(QUEUES.analyses, [text, audio]);
    expect(await stored(text.id)).toMatchObject({ campaign_id: named });
    expect(await stored(audio.id)).toMatchObject({ campaign_id: named });
  });
});

describe('the dead-letter consumer', () => {
  it('keeps each message in R2 with its reason and acknowledges it', async () => {
    const lost = row();
    const result = await consume(QUEUES.analysesDeadLetter, [lost]);
    expect(result.explicitAcks).toEqual(['m0']);
    const letter = await deadLettered(lost.id);
    expect(letter?.reason).toMatch(/retries exhausted/);
    expect(letter?.row).toEqual(lost);
  });
});

describe('the analysis sink', () => {
  const logger = createLogger({ sink: () => undefined });
  const refusingQueue = {
    send: async () => {
      throw new Error('queue unavailable');
    },
  } as unknown as Queue;
  const supabase = (url: string) => databaseFor({ ...createServices(env).config.supabase!, url });

  it('writes a row directly when the queue refuses it', async () => {
    const sink = analysisSinkFor({
      queue: refusingQueue,
      db: supabase(createServices(env).config.supabase!.url),
      bucket: env.AUDIO_BUCKET,
      logger,
    });
    const kept = row();
    await sink.keep(kept);
    expect(await stored(kept.id)).toMatchObject({ id: kept.id });
  });

  it('dead-letters a row when both the queue and the database refuse it', async () => {
    const sink = analysisSinkFor({
      queue: refusingQueue,
      db: supabase(UNREACHABLE),
      bucket: env.AUDIO_BUCKET,
      logger,
    });
    const kept = row();
    await sink.keep(kept);
    expect((await deadLettered(kept.id))?.row).toEqual(kept);
  });
});

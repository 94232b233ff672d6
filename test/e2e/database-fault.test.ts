/**
 * Nothing is lost when the database is down. Against the real local stack: the stack's
 * PostgREST (then its Postgres) is stopped, a burst of analyses is sent and answered at once,
 * the queue consumer is seen failing and scheduling its retries (its log line), the database
 * comes back, and every row arrives through those retries. Waits are bounded; how soon rows
 * arrive follows the consumer's back-off (2 s, 4 s, 8 s …).
 */
import { describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { control } from './control';

const base = inject('workerUrl');
const dev = inject('devCredentials');
const BURST = 12;

const analyse = (i: number) =>
  fetch(`${base}/analyze/text`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': dev.api_key },
    body: JSON.stringify({
      transcript: `Call ${i}: this is the bank fraud team, read me the code we just texted you.`,
    }),
  });

/** Ids of the burst that are not stored yet (one request each, with the key). */
async function missing(ids: string[]): Promise<string[]> {
  const statuses = await Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`${base}/api/v1/analyses/${id}`, {
        headers: { 'X-API-Key': dev.api_key },
      });
      await res.arrayBuffer();
      return [id, res.status] as const;
    }),
  );
  return statuses.filter(([, status]) => status !== 200).map(([id]) => id);
}

describe.each(['postgrest', 'postgres'] as const)('with %s stopped during a burst', (part) => {
  it('answers every analysis, and every row arrives after the database returns', async () => {
    // The key is used once first, so its lookup is cached when the database goes away.
    expect((await analyse(0)).status).toBe(200);
    await control(`/main/${part}/stop`);
    const { mark } = await control<{ mark: number }>('/log/mark');
    let ids: string[];
    try {
      const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => analyse(i + 1)));
      expect(answers.map((r) => r.status)).toEqual(Array(BURST).fill(200));
      ids = await Promise.all(answers.map(async (r) => ((await r.json()) as ScamReport).id));
      const meanwhile = await fetch(`${base}/api/v1/analyses/${ids[0]}`, {
        headers: { 'X-API-Key': dev.api_key },
      });
      expect(meanwhile.status).toBe(503);
      expect(meanwhile.headers.get('Retry-After')).not.toBeNull();
      // The consumer has tried, failed and scheduled retries while the database was away.
      await control('/log/wait', {
        pattern: 'analysis_persist_retry',
        since: mark,
        timeoutMs: 60_000,
      });
    } finally {
      await control(`/main/${part}/start`);
    }
    let left = ids;
    for (let i = 0; i < 90 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      left = await missing(left);
    }
    expect(left).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { as, makeOrg, serviceDb, type TestOrg, testApp } from '../workerd/harness';
import { capturingQueue } from '../workerd/jobs';

/**
 * Finding calls: `GET /api/v1/analyses` filters, sorts and pages (keyset cursors) one
 * organisation's rows. Rows are written straight to the database, as the consumers write them.
 */

const app = testApp({ AUTH_MODE: 'on' }, { bindings: { JOB_QUEUE: capturingQueue().queue } });
let org: TestOrg;
let other: TestOrg;

type Seed = {
  transcript?: string | null;
  status?: string;
  verdict?: string | null;
  combined_score?: number | null;
  source?: string;
  review_required?: boolean;
  review_status?: string;
  assigned_to?: string | null;
  created_at?: string;
};

const at = (minutesAgo: number) =>
  new Date(Date.UTC(2026, 10, 20, 12) - minutesAgo * 60_000).toISOString();

async function seed(target: TestOrg, rows: Seed[]): Promise<string[]> {
  const inserted = await serviceDb()
    .from('call_analyses')
    .insert(
      rows.map((r) => ({
        organization_id: target.id,
        source: 'upload',
        status: 'completed',
        verdict: 'SAFE',
        combined_score: 0.1,
        transcript: 'hello',
        ...r,
      })),
      { defaultToNull: false },
    )
    .select('id');
  if (inserted.error) throw new Error(inserted.error.message);
  return (inserted.data as { id: string }[]).map((r) => r.id);
}

let ids: Record<string, string> = {};
beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg(app, 'Finding'), makeOrg(app, 'Finding other')]);
  const [gift, irs, pending, failed, stream, assigned, unscored] = await seed(org, [
    {
      transcript: 'Pay with Google Play GIFT CARDS today',
      verdict: 'SCAM',
      combined_score: 0.97,
      created_at: at(10),
    },
    {
      transcript: 'This is the IRS, a warrant is out',
      verdict: 'LIKELY_SCAM',
      combined_score: 0.7,
      created_at: at(20),
      review_required: true,
      review_status: 'pending',
    },
    {
      status: 'pending',
      verdict: null,
      combined_score: null,
      transcript: null,
      created_at: at(30),
    },
    { status: 'error', verdict: null, combined_score: null, transcript: null, created_at: at(40) },
    {
      source: 'stream',
      transcript: 'Your order ships 100% free_of charge',
      verdict: 'SUSPICIOUS',
      combined_score: 0.4,
      created_at: at(50),
      review_required: true,
      review_status: 'in_review',
      assigned_to: null,
    },
    {
      transcript: 'Hi it is Mia, thanks for dinner',
      verdict: 'SAFE',
      combined_score: 0.02,
      created_at: at(60),
      review_required: true,
      review_status: 'in_review',
    },
    {
      status: 'processing',
      verdict: null,
      combined_score: null,
      transcript: null,
      created_at: at(70),
    },
  ]);
  ids = { gift, irs, pending, failed, stream, assigned, unscored } as Record<string, string>;
  await serviceDb()
    .from('call_analyses')
    .update({ assigned_to: org.members.reviewer.id })
    .eq('id', ids.assigned);
  await seed(other, [
    { transcript: 'Pay with gift cards, other org', verdict: 'SCAM', combined_score: 0.99 },
  ]);
});

type Page = { items: { id: string }[]; next_cursor: string | null };

async function list(query: string, credential = org.members.viewer.jwt) {
  const res = await app.json<Page>(`/api/v1/analyses?${query}`, as(credential));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const idsOf = (page: Page) => page.items.map((i) => i.id);

describe('GET /api/v1/analyses', () => {
  it('lists the organisation’s rows only, newest first, without transcripts', async () => {
    const page = await list('limit=50');
    expect(idsOf(page)).toEqual([
      ids.gift,
      ids.irs,
      ids.pending,
      ids.failed,
      ids.stream,
      ids.assigned,
      ids.unscored,
    ]);
    expect(page.items[0]).not.toHaveProperty('transcript');
    expect(page.next_cursor).toBeNull();
  });

  it.each([
    ['status=completed', ['gift', 'irs', 'stream', 'assigned']],
    ['status=pending,processing', ['pending', 'unscored']],
    ['verdict=SCAM,LIKELY_SCAM', ['gift', 'irs']],
    ['min_score=0.3&max_score=0.8', ['irs', 'stream']],
    ['source=stream', ['stream']],
    ['review_status=in_review', ['stream', 'assigned']],
    ['review_required=true', ['irs', 'stream', 'assigned']],
    ['assigned_to=none&review_required=true', ['irs', 'stream']],
    [
      `created_after=${encodeURIComponent(at(35))}&created_before=${encodeURIComponent(at(15))}`,
      ['irs', 'pending'],
    ],
    ['q=gift%20card', ['gift']],
    ['q=100%25%20free_of', ['stream']],
    ['q=100_', []],
  ])('filters: %s', async (query, expected) => {
    expect(idsOf(await list(query))).toEqual(expected.map((k) => ids[k]));
  });

  it('assigned_to=me is the signed-in caller', async () => {
    expect(idsOf(await list('assigned_to=me', org.members.reviewer.jwt))).toEqual([ids.assigned]);
    expect(idsOf(await list('assigned_to=me', org.members.viewer.jwt))).toEqual([]);
  });

  it('sorts by score either way, unscored rows last, id breaking ties', async () => {
    const desc = idsOf(await list('sort=-combined_score'));
    expect(desc.slice(0, 4)).toEqual([ids.gift, ids.irs, ids.stream, ids.assigned]);
    const asc = idsOf(await list('sort=combined_score'));
    expect(asc.slice(0, 4)).toEqual([ids.assigned, ids.stream, ids.irs, ids.gift]);
    expect(new Set(asc.slice(4))).toEqual(new Set([ids.pending, ids.failed, ids.unscored]));
  });

  it('pages with a cursor that stays correct while rows are being added', async () => {
    for (const sort of ['-created_at', 'created_at', '-combined_score', 'combined_score']) {
      const all = idsOf(await list(`sort=${sort}&limit=50`));
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 40; i++) {
        const page = await list(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...idsOf(page));
        // Between pages, new calls arrive (now, so first in the default order) and old ones
        // land at the very start of the other orders' ranges.
        await seed(org, [
          { verdict: 'SCAM', combined_score: 0.5, created_at: new Date().toISOString() },
        ]);
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      const before = seen.filter((id) => all.includes(id));
      expect(before, sort).toEqual(all);
    }
  });

  it('refuses a cursor that is not one, or belongs to another sort', async () => {
    const page = await list('limit=1');
    for (const query of ['cursor=nonsense', `cursor=${page.next_cursor}&sort=combined_score`]) {
      const res = await app.json(`/api/v1/analyses?${query}`, as(org.members.viewer.jwt));
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
  });

  it('refuses bad filters with 400', async () => {
    for (const query of [
      'status=done',
      'min_score=2',
      'min_score=0.9&max_score=0.1',
      'limit=500',
      'created_after=yesterday',
    ]) {
      const res = await app.json(`/api/v1/analyses?${query}`, as(org.members.viewer.jwt));
      expect(res.status, query).toBe(400);
    }
  });

  it('with an API key, lists the key’s organisation', async () => {
    expect(idsOf(await list('verdict=SCAM&limit=1', org.key))).toEqual(
      idsOf(await list('verdict=SCAM&limit=1')),
    );
    const others = await list('q=other%20org', org.key);
    expect(others.items).toEqual([]);
  });
});

describe('GET /api/v1/review-queue', () => {
  it('holds the finished analyses that need a person, oldest first', async () => {
    const queue = await app.json<Page>('/api/v1/review-queue', as(org.members.reviewer.jwt));
    expect(idsOf(queue.body)).toEqual([ids.assigned, ids.stream, ids.irs]);
    const mine = await app.json<Page>(
      '/api/v1/review-queue?assigned_to=me',
      as(org.members.reviewer.jwt),
    );
    expect(idsOf(mine.body)).toEqual([ids.assigned]);
    const open = await app.json<Page>(
      '/api/v1/review-queue?assigned_to=none',
      as(org.members.reviewer.jwt),
    );
    expect(idsOf(open.body)).toEqual([ids.stream, ids.irs]);
  });
});

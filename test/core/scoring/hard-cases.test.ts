import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { parseRows } from '../../../scripts/lib/dataset';

/**
 * Hand-written hard cases in the eval format: legitimate calls that open like scams, and scams
 * that avoid the usual keywords. Six batches, each first measured on calls the engine had not
 * been shaped on (figures in docs/scoring.md): `hard-cases.jsonl` before the v3 rule
 * changes, `-b` after most of them, `-c` after nearly all, `-d` (calls to and from support lines:
 * real ones, and the fake lines of tech-support and refund scams) after v3, `-e` (issue #22's
 * product decision: a named company reporting a problem the callee never raised, and real
 * support lines handling the callee's own request) before any rule for it was written, `-f`
 * blind (its writer read none of the data) before the learned fusion was fitted. None is
 * trained on. Each also runs through `npm run eval`.
 */
const FILES = ['hard-cases.jsonl', 'hard-cases-b.jsonl', 'hard-cases-c.jsonl'];
/**
 * Batch D is held to the targets over all batches pooled, not on its own: its one
 * flagged legitimate call is a bank verifying the customer by a one-time code read aloud, which
 * the engine flags on purpose (a code read to a caller is how account-takeover scams work, and
 * nothing in a transcript tells a real bank's line from a fake one).
 */
const POOLED_ONLY = ['hard-cases-d.jsonl'];
/**
 * Batch E is held to its own bar: every look-alike scam warns, and at most 2 of its 20 real
 * support-line calls do (10%, not the 5% of batches A–C). That is what the shipped engine does:
 * a PayPal dispute and an Amazon refund the callee asked for still read as a named company
 * promising a refund, the refund scam's shape (docs/scoring.md, "Measured"). Pooled with the
 * other batches it meets the 5%.
 */
const PRODUCT_DECISION = 'hard-cases-e.jsonl';
/** Batch F, written blind: at most 2 of its 25 legitimate calls flagged, 90% of its scams caught. */
const BLIND = 'hard-cases-f.jsonl';

const readBatch = (file: string) =>
  parseRows(readFileSync(new URL(file, import.meta.url), 'utf8'), file);
const flagged = (t: string) => scoreTranscript(t).verdict !== 'SAFE';

describe.each(FILES)('%s', (file) => {
  const rows = readBatch(file);
  const legit = rows.filter((r) => r.label === 'safe');
  const scams = rows.filter((r) => r.label === 'scam');

  it('has unique ids and both kinds of call', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(legit.length).toBeGreaterThanOrEqual(15);
    expect(scams.length).toBeGreaterThanOrEqual(15);
  });

  it('flags at most 5% of the legitimate calls', () => {
    const wrong = legit.filter((r) => flagged(r.transcript)).map((r) => r.id);
    expect(wrong.length / legit.length, wrong.join(', ')).toBeLessThanOrEqual(0.05);
  });

  // 80%, not the pooled 90%: the learned fusion trusts the character model, which reads a few
  // rule-found scams it has never met (a puppy deposit, a fake job's cheque) as ordinary calls;
  // batch A lost 6 of its 45 that way (docs/scoring.md), a regression kept in sight.
  it('flags at least 80% of the keyword-less scams', () => {
    const missed = scams.filter((r) => !flagged(r.transcript)).map((r) => r.id);
    expect(1 - missed.length / scams.length, missed.join(', ')).toBeGreaterThanOrEqual(0.8);
  });
});

describe("all batches pooled (the issue's targets)", () => {
  const rows = [...FILES, ...POOLED_ONLY, PRODUCT_DECISION, BLIND].flatMap(readBatch);
  const legit = rows.filter((r) => r.label === 'safe');
  const scams = rows.filter((r) => r.label === 'scam');

  it('has unique ids across batches', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('flags at most 5% of the legitimate calls and at least 90% of the scams', () => {
    const wrong = legit.filter((r) => flagged(r.transcript)).map((r) => r.id);
    const missed = scams.filter((r) => !flagged(r.transcript)).map((r) => r.id);
    expect(wrong.length / legit.length, wrong.join(', ')).toBeLessThanOrEqual(0.05);
    expect(1 - missed.length / scams.length, missed.join(', ')).toBeGreaterThanOrEqual(0.9);
  });

  it('flags no legitimate call in batch D but the code read aloud', () => {
    const wrong = readBatch(POOLED_ONLY[0]!)
      .filter((r) => r.label === 'safe' && flagged(r.transcript))
      .map((r) => r.id);
    expect(wrong.filter((id) => id !== 'legit-d-bank-own-card-lost')).toEqual([]);
  });
});

describe(`${PRODUCT_DECISION} (the product decision)`, () => {
  const rows = readBatch(PRODUCT_DECISION);
  const legit = rows.filter((r) => r.label === 'safe');
  const scams = rows.filter((r) => r.label === 'scam');

  it('has 20 real support-line calls and 20 fake ones', () => {
    expect(legit).toHaveLength(20);
    expect(scams).toHaveLength(20);
  });

  it('warns on every fake line that reports a problem the callee never raised', () => {
    const missed = scams.filter((r) => !flagged(r.transcript)).map((r) => r.id);
    expect(missed).toEqual([]);
  });

  it('flags at most 2 of the 20 real support lines', () => {
    const wrong = legit.filter((r) => flagged(r.transcript)).map((r) => r.id);
    expect(wrong.length, wrong.join(', ')).toBeLessThanOrEqual(2);
  });
});

describe(`${BLIND} (written blind)`, () => {
  const rows = readBatch(BLIND);
  const legit = rows.filter((r) => r.label === 'safe');
  const scams = rows.filter((r) => r.label === 'scam');

  it('has 25 legitimate calls and 25 scams', () => {
    expect(legit).toHaveLength(25);
    expect(scams).toHaveLength(25);
  });

  it('flags at most 2 of the 25 legitimate calls and at least 90% of the scams', () => {
    const wrong = legit.filter((r) => flagged(r.transcript)).map((r) => r.id);
    const missed = scams.filter((r) => !flagged(r.transcript)).map((r) => r.id);
    expect(wrong.length, wrong.join(', ')).toBeLessThanOrEqual(2);
    expect(1 - missed.length / scams.length, missed.join(', ')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the first batch', () => {
  it('has at least 40 legitimate calls and 40 scams', () => {
    const rows = parseRows(readFileSync(new URL(FILES[0]!, import.meta.url), 'utf8'));
    expect(rows.filter((r) => r.label === 'safe').length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((r) => r.label === 'scam').length).toBeGreaterThanOrEqual(40);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';
import { parseRows } from '../../../scripts/lib/dataset';

/**
 * Hand-written hard cases in the eval format: legitimate calls that open like scams, and scams
 * that avoid the usual keywords. Three batches, each first measured on calls the rules had not
 * been shaped on (figures in the README, "Measured"): `hard-cases.jsonl` before the v3 rule
 * changes, `-b` after most of them, `-c` after nearly all. Each also runs through `npm run eval`.
 */
const FILES = ['hard-cases.jsonl', 'hard-cases-b.jsonl', 'hard-cases-c.jsonl'];

describe.each(FILES)('%s', (file) => {
  const rows = parseRows(readFileSync(new URL(file, import.meta.url), 'utf8'), file);
  const legit = rows.filter((r) => r.label === 'safe');
  const scams = rows.filter((r) => r.label === 'scam');
  const flagged = (t: string) => scoreTranscript(t).verdict !== 'SAFE';

  it('has unique ids and both kinds of call', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(legit.length).toBeGreaterThanOrEqual(15);
    expect(scams.length).toBeGreaterThanOrEqual(15);
  });

  it('flags at most 5% of the legitimate calls', () => {
    const wrong = legit.filter((r) => flagged(r.transcript)).map((r) => r.id);
    expect(wrong.length / legit.length, wrong.join(', ')).toBeLessThanOrEqual(0.05);
  });

  it('flags at least 90% of the keyword-less scams', () => {
    const missed = scams.filter((r) => !flagged(r.transcript)).map((r) => r.id);
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

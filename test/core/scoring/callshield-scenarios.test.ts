/**
 * CallShield's own evaluation (`scripts/run_evaluation.py` in melbinkm/CallShield, MIT): 25
 * scenarios — 10 scams, 10 legitimate calls (three deliberately hard), 5 adversarial — scored
 * "binary": any verdict but SAFE counts as a scam detection. The scenarios are copied as data
 * into callshield-scenarios.jsonl; a drop-in replacement must get all 25 right.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '#core/scoring/index';

interface Scenario {
  id: string;
  category: string;
  expected: string;
  transcript: string;
}

const SCENARIOS: Scenario[] = readFileSync(
  new URL('callshield-scenarios.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Scenario);

describe("CallShield's 25 evaluation scenarios", () => {
  it('are all there', () => {
    expect(SCENARIOS).toHaveLength(25);
    expect(SCENARIOS.filter((s) => s.expected === 'SAFE')).toHaveLength(10);
  });

  it.each(SCENARIOS.map((s) => [`${s.id} ${s.category}`, s] as const))(
    '%s: binary verdict as expected',
    (_name, s) => {
      const flagged = scoreTranscript(s.transcript).verdict !== 'SAFE';
      expect(flagged).toBe(s.expected !== 'SAFE');
    },
  );
});

/**
 * #11's legitimate calls (test/fixtures/campaigns/legit-calls.jsonl, made by
 * `npm run campaigns:build-legit`: 12 scripts × 5 espeak-ng voices, phone line, pocketsphinx)
 * against the scam campaigns the campaign set forms (docs/campaigns.md, "Legitimate calls").
 *
 * Issue #25 asks that none join a scam campaign. That does not hold on these transcripts: at
 * MATCH_THRESHOLD, 3–8 of the 60 join one as the database keeps campaigns (15–17 as the
 * in-memory index does), over five arrival orders, because pocketsphinx hears a robotic voice
 * as a third of its words plus common filler ("the order", "really", "we'll"), which every
 * script's transcript shares. What this test asserts is what holds: no legitimate call comes
 * near a certain match (CERTAIN_MATCH, which would lift a labelled scam campaign's call to
 * LIKELY_SCAM), none joins at 0.3, and the counts at the chosen threshold stay at most as
 * measured (ceilings, so a worse fingerprint shows; not the target).
 */
import { describe, expect, it } from 'vitest';
import { CERTAIN_MATCH } from '#core/campaigns/adjust';
import { MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  LEGIT_SET_PATH,
  legitAgainstScams,
  readCampaignSet,
} from '../../../scripts/campaigns/cluster-eval';

const scams = readCampaignSet();
const legit = readCampaignSet(LEGIT_SET_PATH);
/** Measured: at most 8 (as stored) and 17 (in memory) of the 60 over five orders. */
const STORED_CEILING = 9;
const INDEX_CEILING = 18;

describe('the legitimate calls', () => {
  it("are #11's 12 scripts in 5 voices, none of them a script of the campaign set", () => {
    expect(legit).toHaveLength(60);
    expect(new Set(legit.map((r) => r.campaign)).size).toBe(12);
    const scamScripts = new Set(scams.map((r) => r.campaign));
    expect(legit.filter((r) => scamScripts.has(r.campaign))).toEqual([]);
  });

  for (const seed of [1, 2, 3]) {
    describe(`against the scam campaigns of arrival order ${seed}`, () => {
      const report = legitAgainstScams(scams, legit, seed);

      it('come nowhere near a certain match to a scam campaign', () => {
        expect(report.maxSimilarity).toBeLessThan(CERTAIN_MATCH);
      });

      it('join no scam campaign at similarity 0.3', () => {
        const strict = legitAgainstScams(scams, legit, seed, 0.3);
        expect(strict.joined).toEqual([]);
        expect(strict.joinedStored).toEqual([]);
      });

      it(`join scam campaigns at ${MATCH_THRESHOLD} no more often than measured`, () => {
        expect(report.joinedStored.length).toBeLessThanOrEqual(STORED_CEILING);
        expect(report.joined.length).toBeLessThanOrEqual(INDEX_CEILING);
        // Every join found as stored is one the fuller in-memory index finds too (or better).
        expect(report.joinedStored.length).toBeLessThanOrEqual(report.joined.length);
      });
    });
  }
});

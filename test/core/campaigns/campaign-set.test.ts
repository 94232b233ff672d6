/**
 * Clustering of the committed campaign set (test/fixtures/campaigns/campaign-set.jsonl, made by
 * `npm run campaigns:build-set`: pocketsphinx transcripts of espeak-ng voices and of the five
 * real robocalls; figures and commands in docs/campaigns.md).
 *
 * Issue #25's targets are ≥ 95% of same-script pairs together, ≤ 1% of different-script pairs
 * merged, and each real recording with its spoken copies. Only the second is met on this set:
 * pocketsphinx keeps few of a robotic voice's words (a third or less), so two hearings of one
 * script share little text. SAME_SCRIPT_FLOOR guards the measured level (13.4–15.1% over five
 * arrival orders) so the fingerprint cannot silently get worse; it is not the target.
 */
import { describe, expect, it } from 'vitest';
import { clusterCampaignSet, readCampaignSet } from '../../../scripts/campaigns/cluster-eval';

const rows = readCampaignSet();
const SAME_SCRIPT_FLOOR = 0.13;

describe('the campaign set', () => {
  it('holds every real recording with its four spoken copies', () => {
    const recordings = rows.filter((r) => r.voice === 'recording');
    expect(recordings).toHaveLength(5);
    for (const r of recordings) {
      expect(rows.filter((c) => c.campaign === r.campaign && c !== r)).toHaveLength(4);
    }
  });

  for (const seed of [1, 2, 3]) {
    describe(`clustered in arrival order ${seed}`, () => {
      const report = clusterCampaignSet(rows, seed);

      it('merges at most 1% of pairs of different scripts', () => {
        const { hits, pairs } = report.differentMerged;
        expect(hits / pairs).toBeLessThanOrEqual(0.01);
      });

      it('keeps pairs of the same script together at least as often as measured', () => {
        const { hits, pairs } = report.sameTogether;
        expect(hits / pairs).toBeGreaterThanOrEqual(SAME_SCRIPT_FLOOR);
      });

      it('puts at least one real recording with one of its spoken copies', () => {
        expect(report.recordings.some((r) => r.withCopies > 0)).toBe(true);
      });
    });
  }
});

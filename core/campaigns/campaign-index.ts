/**
 * An in-memory index of campaigns (clusters of script fingerprints), looked up through the
 * fingerprints' LSH band keys. The shape a stored index will take (band key → campaign), small
 * enough for the bench and for tests; persistence is not built yet (docs/campaigns.md).
 */
import { bands, type Fingerprint, similarity } from './fingerprint';

/**
 * Estimated Jaccard at or above which a call joins a campaign: the lowest threshold that kept
 * merged pairs of different scripts under 1% on the campaign set (0.89% at 0.15, 2.0% at 0.12;
 * npm run bench -- --only=campaigns, docs/campaigns.md).
 */
export const MATCH_THRESHOLD = 0.15;
/** Fingerprints kept per campaign: its first calls, which span the voices it has been heard in. */
export const MEMBERS_PER_CAMPAIGN = 16;

/** The campaign a fingerprint is closest to. */
export interface CampaignMatch {
  campaign: string;
  /** Best estimated Jaccard against the campaign's kept fingerprints. */
  similarity: number;
}

/** A campaign id for a new cluster. */
export type NewCampaignId = () => string;

export class CampaignIndex {
  private readonly buckets = new Map<string, Fingerprint[]>();
  private readonly campaignOf = new Map<Fingerprint, string>();
  private readonly members = new Map<string, number>();

  constructor(private readonly threshold = MATCH_THRESHOLD) {}

  /** Campaigns held. */
  get size(): number {
    return this.members.size;
  }

  /** Stores a fingerprint under a campaign (ignored once the campaign keeps enough). */
  add(campaign: string, fp: Fingerprint): void {
    const count = this.members.get(campaign) ?? 0;
    if (count >= MEMBERS_PER_CAMPAIGN) return;
    this.members.set(campaign, count + 1);
    this.campaignOf.set(fp, campaign);
    for (const key of bands(fp)) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(fp);
      else this.buckets.set(key, [fp]);
    }
  }

  /** The most similar campaign among those sharing a band key, or null when none does. */
  query(fp: Fingerprint): CampaignMatch | null {
    const seen = new Set<Fingerprint>();
    let best: CampaignMatch | null = null;
    for (const key of bands(fp)) {
      for (const member of this.buckets.get(key) ?? []) {
        if (seen.has(member)) continue;
        seen.add(member);
        const s = similarity(fp, member);
        if (!best || s > best.similarity)
          best = { campaign: this.campaignOf.get(member)!, similarity: s };
      }
    }
    return best;
  }

  /**
   * Clusters a call: it joins its best campaign at or above the threshold, else starts a new
   * one named by `newId`. The fingerprint is stored either way.
   */
  assign(fp: Fingerprint, newId: NewCampaignId): CampaignMatch & { created: boolean } {
    const best = this.query(fp);
    if (best && best.similarity >= this.threshold) {
      this.add(best.campaign, fp);
      return { ...best, created: false };
    }
    const campaign = newId();
    this.add(campaign, fp);
    return { campaign, similarity: best?.similarity ?? 0, created: true };
  }
}

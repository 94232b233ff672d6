/**
 * Clustering measured on the campaign set (build-set.ts): calls arrive in a shuffled order and
 * each joins its best campaign or starts a new one (CampaignIndex.assign), then every pair of
 * calls is checked. Shared by the bench (scripts/bench/campaigns.ts) and the fixture test.
 */
import { readFileSync } from 'node:fs';
import { CampaignIndex, MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import { fingerprint } from '#core/campaigns/fingerprint';

/** One line of the campaign set. */
export interface CampaignSetRow {
  /** `<campaign>/<voice>`. */
  id: string;
  /** The FTC row id or the recording's name (without .wav). */
  campaign: string;
  /** `espeak:<voice>@<words per minute>` or `recording`. */
  voice: string;
  transcript: string;
  engine: string;
}

/** The committed campaign set. */
export const CAMPAIGN_SET_PATH = new URL(
  '../../test/fixtures/campaigns/campaign-set.jsonl',
  import.meta.url,
);

/**
 * The committed legitimate calls (build-legit.ts): the ASR bench's 12 legitimate scripts in
 * five voices, each row's `campaign` its script's name. None is a scam campaign.
 */
export const LEGIT_SET_PATH = new URL(
  '../../test/fixtures/campaigns/legit-calls.jsonl',
  import.meta.url,
);

/** Rows of a campaign set file. */
export function readCampaignSet(path: URL | string = CAMPAIGN_SET_PATH): CampaignSetRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CampaignSetRow);
}

/** How one clustering run went. */
export interface ClusterReport {
  clusters: number;
  campaigns: number;
  /** Pairs of calls of the same script that share a cluster, of all such pairs. */
  sameTogether: { hits: number; pairs: number };
  /** Pairs of calls of different scripts that share a cluster, of all such pairs. */
  differentMerged: { hits: number; pairs: number };
  /** Per real recording: how many of its spoken copies share its cluster, of how many. */
  recordings: { name: string; withCopies: number; copies: number }[];
}

/** Fisher–Yates with a small deterministic generator (mulberry32), so runs repeat. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Clusters the rows in a seeded random order by incremental assignment. */
export function clusterCampaignSet(
  rows: readonly CampaignSetRow[],
  seed: number,
  threshold?: number,
): ClusterReport {
  const index = new CampaignIndex(threshold);
  const clusterOf = new Map<string, string>();
  let created = 0;
  for (const row of shuffled(rows, seed)) {
    const { campaign } = index.assign(fingerprint(row.transcript), () => `c${created++}`);
    clusterOf.set(row.id, campaign);
  }
  return reportClusters(rows, clusterOf);
}

/** Counts the pairs a clustering (row id → cluster) put together, against the rows' campaigns. */
export function reportClusters(
  rows: readonly CampaignSetRow[],
  clusterOf: ReadonlyMap<string, string>,
): ClusterReport {
  const same = { hits: 0, pairs: 0 };
  const different = { hits: 0, pairs: 0 };
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i]!;
      const b = rows[j]!;
      const counter = a.campaign === b.campaign ? same : different;
      counter.pairs++;
      if (clusterOf.get(a.id) === clusterOf.get(b.id)) counter.hits++;
    }
  }
  const recordings = rows
    .filter((r) => r.voice === 'recording')
    .map((recording) => {
      const copies = rows.filter((r) => r.campaign === recording.campaign && r !== recording);
      const home = clusterOf.get(recording.id);
      return {
        name: recording.campaign,
        withCopies: copies.filter((c) => clusterOf.get(c.id) === home).length,
        copies: copies.length,
      };
    });
  return {
    clusters: new Set(clusterOf.values()).size,
    campaigns: new Set(rows.map((r) => r.campaign)).size,
    sameTogether: same,
    differentMerged: different,
    recordings,
  };
}

/**
 * The text with `share` of its words replaced by words that match nothing (seeded made-up
 * words, so runs repeat and no two scripts gain shingles in common from their errors).
 */
export function withWordErrors(text: string, share: number, seed: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const picked = shuffled(
    words.map((_, i) => i),
    seed,
  ).slice(0, Math.round(words.length * share));
  const letters = shuffled([...'bcdfgjkpqvxz'], seed).join('');
  for (const [k, i] of picked.entries()) {
    words[i] = `${letters.slice(k % 8, (k % 8) + 4)}${(k * 7 + seed) % 10}`;
  }
  return words.join(' ');
}

/** One legitimate call that would join a scam campaign. */
export interface LegitJoin {
  call: string;
  /** The script (FTC row id or recording) of the scam campaign's first call. */
  scamScript: string;
  similarity: number;
}

/** How the legitimate calls fared against the scam campaigns of one arrival order. */
export interface LegitReport {
  /** Scam campaigns the set formed (its calls joined incrementally, as in production). */
  scamCampaigns: number;
  calls: number;
  /**
   * Compared with each campaign's first MEMBERS_PER_CAMPAIGN calls (`CampaignIndex.query`): the
   * in-memory index.
   */
  joined: LegitJoin[];
  /**
   * Compared with each campaign's first call only, as the database keeps a campaign
   * (`campaigns.fingerprint`, worker/services/campaign-assign.ts): what production does.
   */
  joinedStored: LegitJoin[];
  /** The highest similarity any legitimate call reached to a scam campaign (in-memory index). */
  maxSimilarity: number;
}

/**
 * The scam campaign set clustered in a seeded order (every row a scam: FTC robocall scripts and
 * the real recordings), then each legitimate call looked up against the campaigns it formed,
 * both ways a campaign is kept ({@link LegitReport}). A call at or above `threshold` would join
 * that scam campaign.
 */
export function legitAgainstScams(
  scams: readonly CampaignSetRow[],
  legit: readonly CampaignSetRow[],
  seed: number,
  threshold = MATCH_THRESHOLD,
): LegitReport {
  const index = new CampaignIndex(threshold);
  const stored = new CampaignIndex(threshold);
  const scriptOf = new Map<string, string>();
  for (const row of shuffled(scams, seed)) {
    const fp = fingerprint(row.transcript);
    const { campaign, created } = index.assign(fp, () => `scam-${scriptOf.size}`);
    if (!created) continue;
    scriptOf.set(campaign, row.campaign);
    stored.add(campaign, fp);
  }
  const joined: LegitJoin[] = [];
  const joinedStored: LegitJoin[] = [];
  let maxSimilarity = 0;
  for (const call of legit) {
    const fp = fingerprint(call.transcript);
    for (const [from, into] of [
      [index, joined],
      [stored, joinedStored],
    ] as const) {
      const best = from.query(fp);
      if (!best) continue;
      if (from === index) maxSimilarity = Math.max(maxSimilarity, best.similarity);
      if (best.similarity >= threshold)
        into.push({
          call: call.id,
          scamScript: scriptOf.get(best.campaign) ?? best.campaign,
          similarity: best.similarity,
        });
    }
  }
  return { scamCampaigns: scriptOf.size, calls: legit.length, joined, joinedStored, maxSimilarity };
}

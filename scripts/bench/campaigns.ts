/**
 * `npm run bench -- --only=campaigns`: how well script fingerprints cluster the campaign set
 * (test/fixtures/campaigns/campaign-set.jsonl, made by `npm run campaigns:build-set`), and what
 * a live call's fingerprint and lookup cost per 5-second chunk against 10,000 stored campaigns.
 * Also: how many of #11's legitimate calls (test/fixtures/campaigns/legit-calls.jsonl, made by
 * `npm run campaigns:build-legit`) would join a scam campaign of the set.
 * Reads only the committed fixtures, so it runs without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CERTAIN_MATCH } from '#core/campaigns/adjust';
import { CampaignIndex, MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  FINGERPRINT_BYTES,
  FingerprintBuilder,
  fingerprint,
  fingerprintToBase64,
} from '#core/campaigns/fingerprint';
import {
  type ClusterReport,
  clusterCampaignSet,
  LEGIT_SET_PATH,
  legitAgainstScams,
  readCampaignSet,
  shuffled,
  withWordErrors,
} from '../campaigns/cluster-eval';
import { measureVariants, variants } from '../campaigns/variants';
import type { BenchSection } from './sidecar';
import { ms, percentile } from './stats';

const SEEDS = [1, 2, 3, 4, 5];
const SWEEP = [0.1, 0.12, 0.15, 0.2, 0.3];
const STORED_CAMPAIGNS = 10_000;
/** Words a 5-second chunk of speech adds to the transcript (~145 words a minute). */
const CHUNK_WORDS = 12;

const pct = (hits: number, pairs: number) => `${((100 * hits) / pairs).toFixed(2)}%`;
/** The highest share of different-script pairs merged in any one arrival order. */
const worstMerged = (runs: readonly ClusterReport[]) =>
  pct(Math.max(...runs.map((r) => r.differentMerged.hits / r.differentMerged.pairs)), 1);

function clustering(rows: ReturnType<typeof readCampaignSet>): BenchSection[] {
  const sweep = SWEEP.map((threshold) => {
    const runs = SEEDS.map((seed) => clusterCampaignSet(rows, seed, threshold));
    const sum = (f: (r: ClusterReport) => number) => runs.reduce((s, r) => s + f(r), 0);
    const joined = (r: ClusterReport) =>
      r.recordings.filter((x) => x.withCopies * 2 > x.copies).length;
    return {
      threshold: `${threshold}${threshold === MATCH_THRESHOLD ? ' (chosen)' : ''}`,
      'same-script pairs together': pct(
        sum((r) => r.sameTogether.hits),
        sum((r) => r.sameTogether.pairs),
      ),
      'different-script pairs merged (worst order)': `${pct(
        sum((r) => r.differentMerged.hits),
        sum((r) => r.differentMerged.pairs),
      )} (${worstMerged(runs)})`,
      'recordings with most of their copies': `${sum(joined)}/${sum((r) => r.recordings.length)}`,
      'clusters (mean)': (sum((r) => r.clusters) / runs.length).toFixed(1),
    };
  });
  const chosen = SEEDS.map((seed) => clusterCampaignSet(rows, seed));
  const recordings = chosen[0]!.recordings.map((r, i) => ({
    recording: r.name,
    'spoken copies in its cluster (per order)': chosen
      .map((run) => `${run.recordings[i]!.withCopies}/${r.copies}`)
      .join(' '),
  }));
  const campaigns = chosen[0]!.campaigns;
  return [
    {
      title: `Campaign clustering: ${rows.length} calls of ${campaigns} scripts, incremental assignment`,
      rows: sweep,
      notes: [`pairs summed over ${SEEDS.length} arrival orders (seeds ${SEEDS.join(', ')})`],
    },
    {
      title: `Real recordings and their spoken copies (threshold ${MATCH_THRESHOLD})`,
      rows: recordings,
    },
  ];
}

/** Stored campaigns: 100-word windows of the set's own transcripts, so lookups meet near-misses. */
function storedIndex(rows: ReturnType<typeof readCampaignSet>): CampaignIndex {
  const corpus = rows.flatMap((r) => r.transcript.split(' '));
  const index = new CampaignIndex();
  const starts = shuffled(
    Array.from(
      { length: STORED_CAMPAIGNS },
      (_, i) => (i * 7919) % Math.max(1, corpus.length - 100),
    ),
    11,
  );
  for (const [i, at] of starts.entries()) {
    index.add(`stored-${i}`, fingerprint(corpus.slice(at, at + 100).join(' ')));
  }
  return index;
}

function cost(rows: ReturnType<typeof readCampaignSet>): BenchSection {
  const index = storedIndex(rows);
  const samples: number[] = [];
  for (const row of rows) {
    const words = row.transcript.split(' ');
    const builder = new FingerprintBuilder();
    for (let at = 0; at < words.length; at += CHUNK_WORDS) {
      const chunk = words.slice(at, at + CHUNK_WORDS).join(' ');
      const start = performance.now();
      index.query(builder.feed(chunk).fingerprint());
      samples.push(performance.now() - start);
    }
  }
  const base64 = fingerprintToBase64(fingerprint(rows[0]!.transcript)).length;
  return {
    title: `Live cost per ${CHUNK_WORDS}-word chunk (feed + fingerprint + lookup), ${index.size} stored campaigns`,
    rows: [
      {
        chunks: String(samples.length),
        p50: ms(percentile(samples, 50)),
        p95: ms(percentile(samples, 95)),
        max: ms(Math.max(...samples)),
        'bytes per call': `${FINGERPRINT_BYTES} (base64 ${base64} chars)`,
      },
    ],
  };
}

/**
 * The same scripts as the set, from their text with a share of words replaced (4 copies each),
 * when ../shared is here: what the fingerprint does with a recogniser better than pocketsphinx
 * on espeak-ng voices.
 */
function control(rows: ReturnType<typeof readCampaignSet>): BenchSection | null {
  const files = ['eval/train.jsonl', 'eval/real-scams.jsonl', 'audio/references.jsonl'];
  const paths = files.map((f) => resolve(import.meta.dirname, '../../../shared', f));
  if (!paths.every(existsSync)) return null;
  const texts = new Map<string, string>();
  for (const line of paths.flatMap((p) => readFileSync(p, 'utf8').split('\n'))) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      id?: string;
      file?: string;
      transcript?: string;
      reference?: string;
    };
    const campaign = r.id ?? r.file?.replace(/\.wav$/, '') ?? '';
    texts.set(campaign, r.transcript ?? r.reference ?? '');
  }
  const campaigns = [...new Set(rows.map((r) => r.campaign))];
  const table = [0.15, 0.3, 0.5].map((share) => {
    const copies = campaigns.flatMap((campaign) =>
      [1, 2, 3, 4].map((k) => ({
        id: `${campaign}/${k}`,
        campaign,
        voice: `errors-${k}`,
        transcript: withWordErrors(
          (texts.get(campaign) ?? '').split(/\s+/).slice(0, 100).join(' '),
          share,
          k,
        ),
        engine: 'none',
      })),
    );
    const r = clusterCampaignSet(copies, 1);
    return {
      'words replaced': `${share * 100}%`,
      'same-script pairs together': pct(r.sameTogether.hits, r.sameTogether.pairs),
      'different-script pairs merged': pct(r.differentMerged.hits, r.differentMerged.pairs),
    };
  });
  return {
    title: `Control: the ${campaigns.length} scripts' own text (first 100 words), 4 copies with words replaced`,
    rows: table,
  };
}

/** Other fingerprints and comparisons, each where it merges ≤ 1% of different pairs. */
function alternatives(rows: ReturnType<typeof readCampaignSet>): BenchSection {
  const shared = resolve(import.meta.dirname, '../../../shared');
  const results = measureVariants(rows, variants(shared), SEEDS);
  return {
    title:
      'Fingerprint variants, each at its lowest threshold merging ≤ 1% of different pairs in every order',
    rows: results.map(({ name, threshold, runs, pairwiseSame, copiesMatching }) => {
      const sum = (f: (r: ClusterReport) => number) => runs.reduce((s, r) => s + f(r), 0);
      const joined = (r: ClusterReport) =>
        r.recordings.filter((x) => x.withCopies * 2 > x.copies).length;
      return {
        variant: name,
        threshold: threshold.toFixed(2),
        'same-script pairs together': pct(
          sum((r) => r.sameTogether.hits),
          sum((r) => r.sameTogether.pairs),
        ),
        'different merged (worst order)': `${pct(
          sum((r) => r.differentMerged.hits),
          sum((r) => r.differentMerged.pairs),
        )} (${worstMerged(runs)})`,
        'recordings with most of their copies': `${sum(joined)}/${sum((r) => r.recordings.length)}`,
        'pairwise, no clustering': pct(pairwiseSame, 1),
        'copies matching each recording': copiesMatching.map((r) => r.matching).join(' '),
      };
    }),
    notes: [
      'exact set similarity unless the row says MinHash: the best a MinHash of those features can do',
      `pairs summed over ${SEEDS.length} arrival orders; thresholds on a 0.01 grid`,
      'pairwise: same-script pairs more similar than all but 1% of different-script pairs',
      `copies matching: per recording (${results[0]?.copiesMatching.map((r) => r.name).join(', ')}), its spoken copies at or above the threshold`,
    ],
  };
}

/**
 * The legitimate calls against the set's scam campaigns: how many would join one, per threshold,
 * kept as the in-memory index keeps a campaign (its first 16 calls) and as the database does
 * (its first call), with the calls that join at the chosen threshold.
 */
function legitimate(rows: ReturnType<typeof readCampaignSet>): BenchSection[] {
  const legit = readCampaignSet(LEGIT_SET_PATH);
  const range = (counts: number[]) =>
    Math.min(...counts) === Math.max(...counts)
      ? String(counts[0])
      : `${Math.min(...counts)}–${Math.max(...counts)}`;
  const sweep = SWEEP.map((threshold) => {
    const runs = SEEDS.map((seed) => legitAgainstScams(rows, legit, seed, threshold));
    return {
      threshold: `${threshold}${threshold === MATCH_THRESHOLD ? ' (chosen)' : ''}`,
      'join a scam campaign (first 16 calls kept)': `${range(runs.map((r) => r.joined.length))}/${legit.length}`,
      'join a scam campaign (first call kept, as stored)': `${range(runs.map((r) => r.joinedStored.length))}/${legit.length}`,
      'highest similarity': Math.max(...runs.map((r) => r.maxSimilarity)).toFixed(3),
    };
  });
  const chosen = SEEDS.map((seed) => legitAgainstScams(rows, legit, seed));
  const byCall = new Map<string, { orders: number; scripts: Set<string>; best: number }>();
  for (const run of chosen)
    for (const j of run.joinedStored) {
      const entry = byCall.get(j.call) ?? { orders: 0, scripts: new Set(), best: 0 };
      entry.orders++;
      entry.scripts.add(j.scamScript);
      entry.best = Math.max(entry.best, j.similarity);
      byCall.set(j.call, entry);
    }
  return [
    {
      title: `Legitimate calls (${legit.length}: #11's 12 scripts × 5 voices) against the set's scam campaigns`,
      rows: sweep,
      notes: [
        `ranges over ${SEEDS.length} arrival orders of the scam set; a match at or above ${CERTAIN_MATCH} would lift a labelled scam campaign's call to LIKELY_SCAM`,
      ],
    },
    {
      title: `Legitimate calls joining a scam campaign as stored (threshold ${MATCH_THRESHOLD})`,
      rows: [...byCall].map(([call, e]) => ({
        call,
        'orders (of 5)': String(e.orders),
        'scam script': [...e.scripts].join(', '),
        similarity: e.best.toFixed(3),
      })),
    },
  ];
}

/** The measurement. */
export function benchCampaigns(): BenchSection[] {
  const rows = readCampaignSet();
  const shipped = clustering(rows);
  // Timed after the clustering (warm code, as in a running Worker), before the variants.
  const timing = cost(rows);
  const check = control(rows);
  return [...shipped, ...legitimate(rows), alternatives(rows), ...(check ? [check] : []), timing];
}

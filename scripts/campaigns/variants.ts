/**
 * Ways a script fingerprint could be more robust to recognition errors, measured on the
 * campaign set against the shipped one (issue #25; figures in docs/campaigns.md). Each variant
 * is a similarity between two transcripts; the calls are clustered exactly as the index does
 * (incremental assignment, best of a cluster's first 16 members, seeded arrival orders), and
 * each variant is read at the lowest threshold that keeps different-script pairs merged ≤ 1% in
 * every order, so variants are compared where the false-merge target holds.
 *
 * Most variants use exact set similarity, which a MinHash of the same features estimates with
 * noise (±0.044 at 128 hashes): an exact figure is what that variant could reach at best.
 */
import { existsSync, readFileSync } from 'node:fs';
import { MEMBERS_PER_CAMPAIGN } from '#core/campaigns/campaign-index';
import {
  bands,
  type Fingerprint,
  fingerprint,
  normaliseWord,
  similarity,
} from '#core/campaigns/fingerprint';
import { type CampaignSetRow, type ClusterReport, reportClusters, shuffled } from './cluster-eval';

/** A transcript's features; a variant compares two transcripts' features. */
type Features = ReadonlySet<string>;

/** One way to fingerprint and compare transcripts. */
export interface Variant {
  name: string;
  /** The similarity of every pair of rows (row-major, n × n; −1: never compared). */
  matrix: (rows: readonly CampaignSetRow[]) => Float64Array;
}

/** A variant read at its chosen threshold. */
export interface VariantResult {
  name: string;
  /** The lowest threshold on the grid keeping different-script merges ≤ 1% in every order. */
  threshold: number;
  runs: ClusterReport[];
  /**
   * Without clustering: the share of same-script pairs more similar than all but 1% of
   * different-script pairs (how well the similarity alone separates the two).
   */
  pairwiseSame: number;
  /** Per real recording: its spoken copies at or above the threshold in similarity to it. */
  copiesMatching: { name: string; matching: number }[];
}

const GRID = Array.from({ length: 60 }, (_, i) => Math.round((0.01 + i * 0.01) * 100) / 100);
const MAX_DIFFERENT = 0.01;

/** Normalised words, numbers folded as the fingerprint folds them. */
export function scriptWords(text: string, keepFunctionWords = false): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s\-/]+/)) {
    const word = normaliseWord(raw, keepFunctionWords);
    if (word && !(word === '#' && out.at(-1) === '#')) out.push(word);
  }
  return out;
}

/** Character windows over the words written without spaces (the fingerprint's shingles). */
export function charShingles(words: readonly string[], size: number): Set<string> {
  const joined = words.join('');
  const out = new Set<string>();
  for (let i = 0; i + size <= joined.length; i++) out.add(joined.slice(i, i + size));
  return out;
}

/**
 * A sound-alike key: voiced and unvoiced consonants merged (b/p, d/t, g/k/c/q/j, v/f, z/s,
 * m/n), vowels and h/w/y after the first letter dropped, doubles collapsed, so "vehicle" and
 * "fiscal" or "reward" and "record" keep part of their key.
 */
export function soundKey(word: string): string {
  if (word === '#') return word;
  const spelled = word
    .replace(/ph/g, 'f')
    .replace(/gh/g, '')
    .replace(/ck/g, 'k')
    .replace(/^kn/, 'n')
    .replace(/^wr/, 'r')
    .replace(/x/g, 'ks')
    .replace(/c(?=[eiy])/g, 's');
  const merged = spelled.replace(/[bdgvzjcqn]/g, (c) => 'ptkfskkkm'['bdgvzjcqn'.indexOf(c)]!);
  const first = /^[aeiouy]/.test(merged) ? 'a' : merged[0]!;
  return (first + merged.slice(1).replace(/[aeiouyhw]/g, '')).replace(/(.)\1+/g, '$1');
}

function jaccard(a: Features, b: Features): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** Shared share of the smaller set; 0 under `minSize` features (a tiny set is inside anything). */
function containment(a: Features, b: Features, minSize: number): number {
  if (Math.min(a.size, b.size) < minSize) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / Math.min(a.size, b.size);
}

function weightedJaccard(a: Features, b: Features, weight: (x: string) => number): number {
  let both = 0;
  let either = 0;
  for (const x of a) {
    either += weight(x);
    if (b.has(x)) both += weight(x);
  }
  for (const x of b) if (!a.has(x)) either += weight(x);
  return either > 0 ? both / either : 0;
}

function pairwise<T>(items: readonly T[], compare: (a: T, b: T) => number): Float64Array {
  const n = items.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = compare(items[i]!, items[j]!);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

function exact(features: (text: string) => Features, compare = jaccard): Variant['matrix'] {
  return (rows) =>
    pairwise(
      rows.map((r) => features(r.transcript)),
      compare,
    );
}

/** How many texts each feature is in. */
function documentFrequency(texts: readonly string[], features: (text: string) => Features) {
  const df = new Map<string, number>();
  for (const text of texts) for (const x of features(text)) df.set(x, (df.get(x) ?? 0) + 1);
  return df;
}

/** MinHash of `hashes` positions keeping the low `bits` bits, corrected for chance collisions. */
function minhash(hashes: number, bits: number): Variant['matrix'] {
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  const chance = bits === 32 ? 0 : 2 ** -bits;
  const seeds = Array.from({ length: hashes }, (_, i) => Math.imul(i + 1, 0x9e3779b9) >>> 0);
  const signature = (features: Features) => {
    const sig = new Uint32Array(hashes).fill(0xffffffff);
    for (const x of features) {
      let h = 0x811c9dc5;
      for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 0x01000193);
      for (let i = 0; i < hashes; i++) {
        let v = (h ^ seeds[i]!) >>> 0;
        v = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
        v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
        v = (v ^ (v >>> 16)) >>> 0;
        if (v < sig[i]!) sig[i] = v;
      }
    }
    return features.size === 0 ? null : sig.map((v) => (v & mask) >>> 0);
  };
  return (rows) =>
    pairwise(
      rows.map((r) => signature(charShingles(scriptWords(r.transcript), 4))),
      (a, b) => {
        if (!a || !b) return 0;
        let same = 0;
        for (let i = 0; i < hashes; i++) if (a[i] === b[i]) same++;
        return Math.max(0, (same / hashes - chance) / (1 - chance));
      },
    );
}

/** The shipped fingerprints compared by `compare` where their LSH keys meet (else −1). */
function shipped(compare: (a: Fingerprint, b: Fingerprint) => number): Variant['matrix'] {
  return (rows) =>
    pairwise(
      rows.map((r) => {
        const fp = fingerprint(r.transcript);
        return { fp, keys: bands(fp), keySet: new Set(bands(fp)) };
      }),
      (a, b) => (b.keys.some((k) => a.keySet.has(k)) ? compare(a.fp, b.fp) : -1),
    );
}

/** The non-FTC rows of ../shared/eval/train.jsonl (conversations, not the set's scripts). */
function trainingTexts(sharedDir: string): string[] | null {
  const path = `${sharedDir}/eval/train.jsonl`;
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { source: string; transcript: string })
    .filter((r) => r.source !== 'ftc_robocall')
    .map((r) => r.transcript);
}

/** The variants measured; those learning from ../shared/eval only when it is there. */
export function variants(sharedDir: string): Variant[] {
  const words = (t: string) => scriptWords(t);
  const allWords = (t: string) => scriptWords(t, true);
  const list: Variant[] = [
    {
      name: 'shipped: MinHash 128 × 32-bit of 4-char shingles, LSH 64 × 2',
      matrix: shipped(similarity),
    },
    {
      name: 'exact Jaccard of the shipped shingles',
      matrix: exact((t) => charShingles(words(t), 4)),
    },
    { name: 'MinHash 256 × 16-bit (same 512 bytes)', matrix: minhash(256, 16) },
    { name: 'MinHash 512 × 8-bit (same 512 bytes)', matrix: minhash(512, 8) },
    { name: '3-char shingles', matrix: exact((t) => charShingles(words(t), 3)) },
    { name: '5-char shingles', matrix: exact((t) => charShingles(words(t), 5)) },
    { name: 'function words kept, 4-char', matrix: exact((t) => charShingles(allWords(t), 4)) },
    { name: 'function words kept, 6-char', matrix: exact((t) => charShingles(allWords(t), 6)) },
    {
      name: 'sound keys, 4-char shingles',
      matrix: exact((t) => charShingles(words(t).map(soundKey), 4)),
    },
    {
      name: 'sound keys, 3-char shingles',
      matrix: exact((t) => charShingles(words(t).map(soundKey), 3)),
    },
    { name: 'sound keys as words', matrix: exact((t) => new Set(words(t).map(soundKey))) },
    { name: 'words', matrix: exact((t) => new Set(words(t))) },
    {
      name: 'containment of 4-char shingles (≥ 20 each)',
      matrix: exact(
        (t) => charShingles(words(t), 4),
        (a, b) => containment(a, b, 20),
      ),
    },
    {
      // Short transcripts' similarities are the noisiest: ask more of them. The threshold
      // column is then the margin over 0.2 / √(the shorter one's normalised words).
      name: 'length-aware: shipped similarity − 0.2 / √(fewer words), LSH 64 × 2',
      matrix: shipped(
        (a, b) => similarity(a, b) - 0.2 / Math.sqrt(Math.max(1, Math.min(a.words, b.words))),
      ),
    },
  ];
  const training = trainingTexts(sharedDir);
  if (training) {
    const three = (t: string) => charShingles(words(t), 3);
    const df = documentFrequency(training, three);
    for (const share of [0.1, 0.2]) {
      const common = (x: string) => (df.get(x) ?? 0) / training.length >= share;
      list.push({
        name: `3-char, shingles in ≥ ${share * 100}% of train.jsonl's conversations dropped`,
        matrix: exact((t) => new Set([...three(t)].filter((x) => !common(x)))),
      });
    }
    const kept = (t: string) => charShingles(allWords(t), 3);
    const dfKept = documentFrequency(training, kept);
    const idf = (x: string) => Math.log((training.length + 1) / ((dfKept.get(x) ?? 0) + 1));
    list.push({
      name: 'function words kept, 3-char, weighted by train.jsonl IDF',
      matrix: exact(kept, (a, b) => weightedJaccard(a, b, idf)),
    });
  }
  list.push({
    name: "ceiling: 4-char, function words kept, shingles in ≥ 10% of the set's own transcripts dropped",
    matrix: (rows) => {
      const kept = (t: string) => charShingles(allWords(t), 4);
      const df = documentFrequency(
        rows.map((r) => r.transcript),
        kept,
      );
      const rare = (t: string) =>
        new Set([...kept(t)].filter((x) => (df.get(x) ?? 0) / rows.length < 0.1));
      return exact(rare)(rows);
    },
  });
  return list;
}

/** Incremental assignment over a similarity matrix, as CampaignIndex.assign does. */
export function clusterByMatrix(
  rows: readonly CampaignSetRow[],
  matrix: Float64Array,
  seed: number,
  threshold: number,
): ClusterReport {
  const n = rows.length;
  const clusterOf = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (const i of shuffled(
    rows.map((_, k) => k),
    seed,
  )) {
    let best = -1;
    let bestSimilarity = -1;
    for (const [c, kept] of members.entries()) {
      for (const m of kept) {
        const s = matrix[i * n + m]!;
        if (s > bestSimilarity) [best, bestSimilarity] = [c, s];
      }
    }
    if (best >= 0 && bestSimilarity >= threshold) {
      clusterOf[i] = best;
      if (members[best]!.length < MEMBERS_PER_CAMPAIGN) members[best]!.push(i);
    } else {
      clusterOf[i] = members.length;
      members.push([i]);
    }
  }
  return reportClusters(rows, new Map(rows.map((r, k) => [r.id, `c${clusterOf[k]}`])));
}

/** Each variant at the lowest grid threshold where no order merges over 1% of different pairs. */
export function measureVariants(
  rows: readonly CampaignSetRow[],
  list: readonly Variant[],
  seeds: readonly number[],
): VariantResult[] {
  return list.map(({ name, matrix }) => {
    const m = matrix(rows);
    const pairwiseSame = separation(rows, m);
    for (const threshold of GRID) {
      const runs = seeds.map((seed) => clusterByMatrix(rows, m, seed, threshold));
      const worst = Math.max(...runs.map((r) => r.differentMerged.hits / r.differentMerged.pairs));
      if (worst <= MAX_DIFFERENT) {
        return {
          name,
          threshold,
          runs,
          pairwiseSame,
          copiesMatching: matching(rows, m, threshold),
        };
      }
    }
    return { name, threshold: Number.NaN, runs: [], pairwiseSame, copiesMatching: [] };
  });
}

/** {@link VariantResult.copiesMatching} of a similarity matrix. */
function matching(rows: readonly CampaignSetRow[], matrix: Float64Array, threshold: number) {
  const n = rows.length;
  return rows.flatMap((recording, i) =>
    recording.voice === 'recording'
      ? [
          {
            name: recording.campaign,
            matching: rows.filter(
              (copy, j) =>
                j !== i && copy.campaign === recording.campaign && matrix[i * n + j]! >= threshold,
            ).length,
          },
        ]
      : [],
  );
}

/** {@link VariantResult.pairwiseSame} of a similarity matrix. */
function separation(rows: readonly CampaignSetRow[], matrix: Float64Array): number {
  const n = rows.length;
  const same: number[] = [];
  const different: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      (rows[i]!.campaign === rows[j]!.campaign ? same : different).push(matrix[i * n + j]!);
    }
  }
  different.sort((a, b) => b - a);
  const line = different[Math.floor(different.length * MAX_DIFFERENT)]!;
  return same.filter((s) => s > line).length / same.length;
}

/**
 * A trigram language model with interpolated modified Kneser-Ney smoothing (Chen & Goodman's
 * three discounts per order), built from counts and written as ARPA text. Deterministic: every
 * table is emitted in sorted order with fixed-precision numbers, so the same sentences always
 * give the same bytes.
 *
 * Lower orders use continuation counts (how many distinct words precede an n-gram) instead of
 * raw counts, except n-grams that begin with `<s>`, which nothing can precede.
 */

/** Sentence markers and the unknown-word token, as pocketsphinx expects them. */
export const BOS = '<s>';
export const EOS = '</s>';
export const UNK = '<unk>';

const ORDER = 3;
/** log10 probability ARPA uses for "never" (the probability of `<s>` itself). */
const LOG_ZERO = -99;
const SEP = ' ';

/** The smoothed model: per order, n-gram → log10 probability and log10 back-off weight. */
export interface ArpaModel {
  order: number;
  /** ngrams[n-1]: key = words joined by one space. */
  ngrams: Array<Map<string, { logProb: number; logBackoff: number | null }>>;
}

/** Options for {@link buildKneserNey}. */
export interface KneserNeyOptions {
  /** Trigrams seen fewer times than this are left out of the written model (1 = keep all). */
  minTrigramCount: number;
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Raw counts of every n-gram up to the order, each sentence framed by `<s>` … `</s>`. */
function countNgrams(sentences: Iterable<readonly string[]>): Array<Map<string, number>> {
  const counts = Array.from({ length: ORDER }, () => new Map<string, number>());
  for (const sentence of sentences) {
    const words = [BOS, ...sentence, EOS];
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= ORDER && i - n + 1 >= 0; n++) {
        increment(counts[n - 1]!, words.slice(i - n + 1, i + 1).join(SEP));
      }
    }
  }
  return counts;
}

/**
 * Kneser-Ney adjusted counts: raw counts at the top order and for n-grams starting with `<s>`,
 * otherwise the number of distinct words seen before the n-gram.
 */
function adjustCounts(raw: Array<Map<string, number>>): Array<Map<string, number>> {
  const adjusted = raw.map(() => new Map<string, number>());
  for (const [key, count] of raw[ORDER - 1]!) adjusted[ORDER - 1]!.set(key, count);
  for (let n = ORDER - 1; n >= 1; n--) {
    const target = adjusted[n - 1]!;
    for (const key of raw[n]!.keys()) increment(target, key.slice(key.indexOf(SEP) + 1));
    for (const [key, count] of raw[n - 1]!) {
      if (key === BOS || key.startsWith(BOS + SEP)) target.set(key, count);
    }
  }
  adjusted[0]!.delete(BOS);
  return adjusted;
}

/** The three discounts (for counts 1, 2, 3+) of one order, from its count-of-counts. */
function discounts(counts: Map<string, number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts.values()) if (c <= 4) n[c]! += 1;
  const [n1, n2, n3, n4] = [n[1]!, n[2]!, n[3]!, n[4]!];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return [0.5, 1, 1.5];
  const y = n1 / (n1 + 2 * n2);
  const clamp = (d: number, max: number) => Math.min(max, Math.max(0, d));
  return [
    clamp(1 - (2 * y * n2) / n1, 1),
    clamp(2 - (3 * y * n3) / n2, 2),
    clamp(3 - (4 * y * n4) / n3, 3),
  ];
}

const discountFor = (d: readonly number[], count: number): number => d[Math.min(count, 3) - 1]!;

interface ContextStats {
  total: number;
  /** Sum of the discounts taken from the context's followers: the mass left for lower orders. */
  freed: number;
}

function contextStats(
  counts: Map<string, number>,
  d: readonly number[],
): Map<string, ContextStats> {
  const stats = new Map<string, ContextStats>();
  for (const [key, count] of counts) {
    const cut = key.lastIndexOf(SEP);
    const context = cut < 0 ? '' : key.slice(0, cut);
    const s = stats.get(context) ?? { total: 0, freed: 0 };
    s.total += count;
    s.freed += discountFor(d, count);
    stats.set(context, s);
  }
  return stats;
}

/** Builds the smoothed model from sentences of words (already normalised, OOVs as `<unk>`). */
export function buildKneserNey(
  sentences: Iterable<readonly string[]>,
  options: KneserNeyOptions,
): ArpaModel {
  const adjusted = adjustCounts(countNgrams(sentences));
  const d = adjusted.map(discounts);
  const stats = adjusted.map((counts, i) => contextStats(counts, d[i]!));
  const probs = adjusted.map(() => new Map<string, number>());
  const gamma = (n: number, context: string): number => {
    const s = stats[n - 1]!.get(context);
    return s ? s.freed / s.total : 1;
  };

  const unigrams = adjusted[0]!;
  const uniform = 1 / (unigrams.size + (unigrams.has(UNK) ? 0 : 1));
  for (const [word, count] of unigrams) {
    const s = stats[0]!.get('')!;
    probs[0]!.set(word, (count - discountFor(d[0]!, count)) / s.total + gamma(1, '') * uniform);
  }
  if (!probs[0]!.has(UNK)) probs[0]!.set(UNK, gamma(1, '') * uniform);
  for (let n = 2; n <= ORDER; n++) {
    for (const [key, count] of adjusted[n - 1]!) {
      const cut = key.lastIndexOf(SEP);
      const context = key.slice(0, cut);
      const lower = probs[n - 2]!.get(key.slice(key.indexOf(SEP) + 1))!;
      const s = stats[n - 1]!.get(context)!;
      probs[n - 1]!.set(
        key,
        (count - discountFor(d[n - 1]!, count)) / s.total + gamma(n, context) * lower,
      );
    }
  }

  const keep = (n: number, key: string): boolean =>
    !(n > 1 && key.split(SEP).includes(UNK)) &&
    !(n === ORDER && (adjusted[n - 1]!.get(key) ?? 0) < options.minTrigramCount);
  const ngrams: ArpaModel['ngrams'] = [];
  for (let n = 1; n <= ORDER; n++) {
    const table = new Map<string, { logProb: number; logBackoff: number | null }>();
    const keys = [...probs[n - 1]!.keys()].filter((k) => keep(n, k));
    if (n === 1) keys.push(BOS);
    for (const key of keys.sort()) {
      const isContext = n < ORDER && stats[n]!.has(key);
      table.set(key, {
        logProb: key === BOS ? LOG_ZERO : Math.log10(probs[n - 1]!.get(key)!),
        logBackoff: isContext ? Math.log10(gamma(n + 1, key)) : null,
      });
    }
    ngrams.push(table);
  }
  return { order: ORDER, ngrams };
}

const fixed = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(6);

/** Serialises a model as ARPA text (the format `sphinx_lm_convert` reads). */
export function toArpa(model: ArpaModel): string {
  const lines = ['\\data\\'];
  model.ngrams.forEach((table, i) => {
    lines.push(`ngram ${i + 1}=${table.size}`);
  });
  model.ngrams.forEach((table, i) => {
    lines.push('', `\\${i + 1}-grams:`);
    for (const [key, { logProb, logBackoff }] of table) {
      lines.push(`${fixed(logProb)}\t${key}${logBackoff === null ? '' : `\t${fixed(logBackoff)}`}`);
    }
  });
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}

/**
 * Reliability tables: does a score of 0.7 mean "about 70% of such calls are scams"? Scores are
 * grouped into equal-width bins and each bin reports how many calls it holds and the share of
 * them that are scams. Pure: no I/O.
 */
import { formatRate } from './metrics';

/** One score bin: [from, to), the last bin closed at 1. `share` is null for an empty bin. */
export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  scams: number;
  share: number | null;
  /** Mean score of the bin's calls (null when empty), to set beside `share`. */
  mean_score: number | null;
}

/** Bins of width 1/`bins` over [0, 1]; scores outside are clamped into the end bins. */
export function reliability(
  scores: readonly number[],
  isScam: readonly boolean[],
  bins = 10,
): ReliabilityBin[] {
  const n = new Array<number>(bins).fill(0);
  const scams = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  scores.forEach((s, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    n[b]! += 1;
    sum[b]! += s;
    if (isScam[i]) scams[b]! += 1;
  });
  return n.map((count, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    n: count,
    scams: scams[b]!,
    share: count === 0 ? null : scams[b]! / count,
    mean_score: count === 0 ? null : sum[b]! / count,
  }));
}

/** The table as text, one line per bin. */
export function renderReliability(title: string, table: readonly ReliabilityBin[]): string {
  const head = `${'score bin'.padEnd(12)}${'n'.padStart(6)}${'scams'.padStart(7)}  share  mean score`;
  const lines = table.map((b) => {
    const bin = `${b.from.toFixed(1)}–${b.to.toFixed(1)}`;
    const mean = b.mean_score === null ? '–' : b.mean_score.toFixed(3);
    return `${bin.padEnd(12)}${String(b.n).padStart(6)}${String(b.scams).padStart(7)} ${formatRate(b.share).padStart(6)}  ${mean.padStart(10)}`;
  });
  return [title, head, ...lines].join('\n');
}

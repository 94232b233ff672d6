/**
 * Pure detection metrics. "Positive" means predicted scam; the caller decides the cut.
 */

/** One prediction to score. */
export interface Outcome {
  source: string;
  actualScam: boolean;
  predictedScam: boolean;
}

/**
 * Standard figures for a set of outcomes. A rate whose denominator is empty is undefined, not
 * zero, and is `null`: a source with no scam rows has no recall (a 0 would read as "missed
 * every scam"), one with no safe rows no false-positive rate, and nothing predicted scam gives
 * no precision. F1 is `null` when either of its parts is.
 */
export interface Metrics {
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  recall: number | null;
  fpr: number | null;
  precision: number | null;
  f1: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Confusion counts and rates for the outcomes. */
export function computeMetrics(outcomes: readonly Outcome[]): Metrics {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const o of outcomes) {
    if (o.actualScam) o.predictedScam ? tp++ : fn++;
    else o.predictedScam ? fp++ : tn++;
  }
  const recall = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  return {
    n: outcomes.length,
    tp,
    fp,
    tn,
    fn,
    recall,
    fpr: ratio(fp, fp + tn),
    precision,
    f1:
      precision === null || recall === null
        ? null
        : // Both zero means no true positive at all: F1 is 0 then, not undefined.
          (ratio(2 * precision * recall, precision + recall) ?? 0),
  };
}

/** Overall metrics plus one entry per source, sources in sorted order. */
export function metricsBySource(outcomes: readonly Outcome[]): {
  overall: Metrics;
  by_source: Record<string, Metrics>;
} {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const g = groups.get(o.source);
    if (g) g.push(o);
    else groups.set(o.source, [o]);
  }
  const by_source: Record<string, Metrics> = {};
  for (const source of [...groups.keys()].sort()) {
    by_source[source] = computeMetrics(groups.get(source) ?? []);
  }
  return { overall: computeMetrics(outcomes), by_source };
}

/** A rate as a percentage with one decimal, or "–" when it is undefined. */
export function formatRate(x: number | null): string {
  return x === null ? '–' : `${(100 * x).toFixed(1)}%`;
}

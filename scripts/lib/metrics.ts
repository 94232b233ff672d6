/**
 * Pure detection metrics. "Positive" means predicted scam; the caller decides the cut.
 */

/** One prediction to score. */
export interface Outcome {
  source: string;
  actualScam: boolean;
  predictedScam: boolean;
}

/** Standard figures for a set of outcomes. NaN-free: empty denominators give 0. */
export interface Metrics {
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  recall: number;
  fpr: number;
  precision: number;
  f1: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

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
    f1: ratio(2 * precision * recall, precision + recall),
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

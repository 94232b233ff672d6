/**
 * Evaluation of labelled rows with one engine, and its text rendering. No I/O here beyond
 * calling the scorer, so it can be tested with a fake scorer.
 */

import type { Analysis } from '#core/schemas/report';
import { DEFAULT_THRESHOLDS, type Thresholds } from '#core/thresholds';
import { type ReliabilityBin, reliability, renderReliability } from './calibration';
import { firstWords, type LabelledRow } from './dataset';
import { formatRate, type Metrics, metricsBySource, type Outcome } from './metrics';

/** Scores one transcript (engines behind a network answer asynchronously). */
export type Scorer = (transcript: string) => Analysis | Promise<Analysis>;

/** Scores every text with at most `concurrency` calls in flight, keeping the input order. */
async function scoreAll(
  texts: readonly string[],
  score: Scorer,
  concurrency: number,
): Promise<Analysis[]> {
  const out: Analysis[] = new Array(texts.length);
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const i = next++;
      out[i] = await score(texts[i] as string);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, texts.length)) }, worker),
  );
  return out;
}

/** Figures at one cut: overall and per source. */
export interface CutFigures {
  overall: Metrics;
  by_source: Record<string, Metrics>;
}

/** Figures at the SUSPICIOUS cut (top level) and at the LIKELY_SCAM cut. */
export interface Figures extends CutFigures {
  at_likely_scam: CutFigures;
}

/** A misclassified row at the SUSPICIOUS cut. */
export interface ErrorRow {
  id: string;
  source: string;
  label: string;
  score: number;
  verdict: string;
  signals: string;
}

/** The whole evaluation result, as printed by `--json`. */
export interface EvalResult extends Figures {
  engine: string;
  /** Whole calls by score bin: how many, and the share of them that are scams. */
  reliability: ReliabilityBin[];
  early: Record<string, Figures>;
  errors: ErrorRow[];
  mean_ms: number;
}

/** Word counts used for the early-detection figures. */
export const EARLY_WORDS = [25, 50, 100, 200] as const;

function figures(rows: readonly LabelledRow[], scores: readonly number[], t: Thresholds): Figures {
  const outcomes = (cut: number): Outcome[] =>
    rows.map((r, i) => ({
      source: r.source,
      actualScam: r.label === 'scam',
      predictedScam: (scores[i] ?? 0) >= cut,
    }));
  return {
    ...metricsBySource(outcomes(t.suspicious)),
    at_likely_scam: metricsBySource(outcomes(t.likelyScam)),
  };
}

/**
 * Scores every row (whole and truncated) and computes every figure. `concurrency` bounds the
 * calls in flight for remote engines; the local engine is synchronous and ignores it.
 */
export async function evaluate(
  rows: readonly LabelledRow[],
  score: Scorer,
  engine: string,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
  concurrency = 1,
): Promise<EvalResult> {
  const started = performance.now();
  const analyses = await scoreAll(
    rows.map((r) => r.transcript),
    score,
    concurrency,
  );
  const meanMs = (performance.now() - started) / Math.max(1, rows.length);
  const errors: ErrorRow[] = [];
  rows.forEach((r, i) => {
    const a = analyses[i];
    if (!a || a.scam_score >= thresholds.suspicious === (r.label === 'scam')) return;
    const top = a.signals.slice(0, 4).map((s) => (s.counter ? `-${s.category}` : s.category));
    errors.push({
      id: r.id,
      source: r.source,
      label: r.label,
      score: a.scam_score,
      verdict: a.verdict,
      signals: top.join(','),
    });
  });
  const early: Record<string, Figures> = {};
  for (const n of EARLY_WORDS) {
    const truncated = await scoreAll(
      rows.map((r) => firstWords(r.transcript, n)),
      score,
      concurrency,
    );
    const scores = truncated.map((a) => a.scam_score);
    early[String(n)] = figures(rows, scores, thresholds);
  }
  const full = figures(
    rows,
    analyses.map((a) => a.scam_score),
    thresholds,
  );
  const calibration = reliability(
    analyses.map((a) => a.scam_score),
    rows.map((r) => r.label === 'scam'),
  );
  return { engine, ...full, reliability: calibration, early, errors, mean_ms: meanMs };
}

const pct = (x: number | null): string => formatRate(x).padStart(7);

function table(title: string, f: CutFigures): string {
  const head = `${'source'.padEnd(18)}${'n'.padStart(6)}  recall     fpr   prec.     f1`;
  const line = (name: string, m: Metrics) =>
    `${name.padEnd(18)}${String(m.n).padStart(6)} ${pct(m.recall)} ${pct(m.fpr)} ${pct(m.precision)} ${pct(m.f1)}`;
  const rows = Object.entries(f.by_source).map(([s, m]) => line(s, m));
  return [title, head, ...rows, line('OVERALL', f.overall)].join('\n');
}

/** Human-readable report. */
export function renderText(r: EvalResult): string {
  const parts = [
    `engine: ${r.engine}   mean ${r.mean_ms.toFixed(3)} ms per transcript`,
    table('\n== full transcript, scam = verdict != SAFE', r),
    table('\n== full transcript, scam = LIKELY_SCAM or worse', r.at_likely_scam),
    renderReliability(
      '\n== full transcript, reliability (score bin → share of scams)',
      r.reliability,
    ),
  ];
  for (const [n, f] of Object.entries(r.early)) {
    parts.push(table(`\n== first ${n} words, scam = verdict != SAFE`, f));
    parts.push(table(`\n== first ${n} words, scam = LIKELY_SCAM or worse`, f.at_likely_scam));
  }
  return parts.join('\n');
}

/** Misclassified rows as TSV with a header line. */
export function renderErrors(errors: readonly ErrorRow[]): string {
  const head = 'id\tsource\tlabel\tscore\tverdict\ttop_signals';
  const lines = errors.map((e) =>
    [e.id, e.source, e.label, e.score, e.verdict, e.signals].join('\t'),
  );
  return `${[head, ...lines].join('\n')}\n`;
}

/**
 * The plain baseline every engine is measured against: TF-IDF (word 1–2-grams, min_df 2;
 * char_wb 3–5-grams, min_df 3; sublinear tf) + logistic regression (C = 4, balanced class
 * weights), trained on the training rows only, a call flagged at probability ≥ 0.5.
 * Deterministic. No I/O.
 */
import type { LabelledRow } from '../dataset';
import { balancedWeights, decision, fitLogisticL2, type LinearModel } from './lbfgs';
import {
  type CountedText,
  countText,
  fitTfidf,
  GramDictionary,
  type TfidfVocabulary,
  transform,
} from './tfidf';

/** The baseline's settings, as the issue fixes them. */
export const BASELINE = { minDfWords: 2, minDfChars: 3, c: 4, cut: 0.5 } as const;

/** Counts texts against shared dictionaries, so one tokenisation serves every fold. */
export class BaselineCounter {
  readonly words = new GramDictionary();
  readonly chars = new GramDictionary();
  count(text: string): CountedText {
    return countText(text, this.words, this.chars);
  }
}

/** A trained baseline. */
export interface Baseline {
  vocab: TfidfVocabulary;
  model: LinearModel;
}

/** Trains the baseline on counted texts and their labels. */
export function trainBaseline(texts: readonly CountedText[], labels: readonly (0 | 1)[]): Baseline {
  const vocab = fitTfidf(texts, BASELINE.minDfWords, BASELINE.minDfChars);
  const rows = texts.map((t) => transform(t, vocab));
  const model = fitLogisticL2(rows, labels, balancedWeights(labels), vocab.dim, {
    c: BASELINE.c,
  });
  return { vocab, model };
}

/** The baseline's probability that a counted text is a scam. */
export function baselineProbability(baseline: Baseline, text: CountedText): number {
  return 1 / (1 + Math.exp(-decision(baseline.model, transform(text, baseline.vocab))));
}

/** Trains on labelled rows and returns a scorer of raw transcripts. */
export function baselineScorer(rows: readonly LabelledRow[]): (text: string) => number {
  const counter = new BaselineCounter();
  const baseline = trainBaseline(
    rows.map((r) => counter.count(r.transcript)),
    rows.map((r) => (r.label === 'scam' ? 1 : 0)),
  );
  return (text) => baselineProbability(baseline, counter.count(text));
}

/**
 * Fusion of the rule engine and the language model into one score.
 *
 * Fusion rule: fused log-odds = bias + a·(rule log-odds) + b·m, score = sigmoid(fused), where
 * m is the model's log-odds floored at MODEL_FLOOR and, when it argues "scam", cut to 30% per
 * counter-signal rule matched; when the rules found a classic scam shape (a payment or
 * remote-access ask paired with a lever), b·m may lower the log-odds by at most SHAPE_FLOOR;
 * when the rules found no ask or lever at all, b·m may raise it by at most NO_LEVER_CAP (1 for
 * openings under 30 words), so wording alone cannot flag a call that asks for nothing. `a` is fixed by design (rules keep a positive say, so
 * counter-signals always lower the score); `b` and `bias` are fitted by `npm run train` on
 * 5-fold out-of-fold model outputs, so the model's scale is calibrated on rows it never saw.
 *
 * Why the two guards: the n-gram model only knows its training sources, so (1) it must not be
 * able to erase an explicit scam shape the rules found (authority + payment demand) just
 * because the wording is new to it, and (2) it cannot read "we will never ask for your PIN" —
 * it sees "PIN" — so explicit counter-signals damp its scam vote instead of being outvoted.
 * Pure: no runtime-specific imports.
 */
import { MODEL_WEIGHTS } from './model';

/** Lowest model log-odds the fusion uses. */
export const MODEL_FLOOR = -1;

/** Most the model may subtract when the rules found a classic scam shape (guard, not fitted). */
export const SHAPE_FLOOR = 1.5;

/** Most the model may add when the rules found no ask or lever at all (guard, not fitted). */
export const NO_LEVER_CAP = 3;
/** The same cap for an opening shorter than SHORT_WORDS: too little to judge by wording alone. */
export const NO_LEVER_CAP_SHORT = 1;
export const SHORT_WORDS = 30;

/** What the rules tell the fusion besides their log-odds. */
export interface RuleContext {
  scamShape: boolean;
  lever: boolean;
  words: number;
}

/** Fusion parameters, as stored in the weights file. */
export interface FusionParams {
  bias: number;
  rules: number;
  model: number;
}

/** The model's input to the fusion, after the floor and the counter-signal damping. */
export function modelTerm(modelLogit: number, counterRules: number): number {
  const m = Math.max(modelLogit, MODEL_FLOOR);
  return m > 0 ? m * 0.3 ** Math.min(3, counterRules) : m;
}

/** Fused log-odds from the rules' log-odds, the model term and what else the rules found. */
export function fuseLogits(
  ruleLogit: number,
  term: number,
  context: RuleContext = { scamShape: false, lever: true, words: SHORT_WORDS },
  params: FusionParams = MODEL_WEIGHTS.fusion,
): number {
  let model = params.model * term;
  if (context.scamShape) model = Math.max(model, -SHAPE_FLOOR);
  if (!context.lever) {
    model = Math.min(model, context.words < SHORT_WORDS ? NO_LEVER_CAP_SHORT : NO_LEVER_CAP);
  }
  return params.bias + params.rules * ruleLogit + model;
}

/**
 * Fusion of the rule engine and the language model into one score.
 *
 * Fusion rule: fused log-odds = bias + a·(rule log-odds) + b·m, score = sigmoid(fused), where
 * m is the model's log-odds floored at MODEL_FLOOR and, when it argues "scam", halved per
 * counter-signal category present. `a` is fixed by design (rules keep a positive say, so
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

/** Fusion parameters, as stored in the weights file. */
export interface FusionParams {
  bias: number;
  rules: number;
  model: number;
}

/** The model's input to the fusion, after the floor and the counter-signal damping. */
export function modelTerm(modelLogit: number, counterCategories: number): number {
  const m = Math.max(modelLogit, MODEL_FLOOR);
  return m > 0 ? m * 0.5 ** counterCategories : m;
}

/** Fused log-odds from the rules' log-odds and the model term. */
export function fuseLogits(
  ruleLogit: number,
  term: number,
  params: FusionParams = MODEL_WEIGHTS.fusion,
): number {
  return params.bias + params.rules * ruleLogit + params.model * term;
}

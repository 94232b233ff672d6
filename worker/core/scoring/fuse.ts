/**
 * Fusion of the rule engine and the language model into one score.
 *
 * Fusion rule: fused log-odds = bias + a·(rule log-odds) + b·m, score = sigmoid(fused), where
 * m is the model's log-odds floored at MODEL_FLOOR and, when it argues "scam", cut to 30% per
 * counter-signal rule matched; when the rules found a classic scam shape (a payment or
 * remote-access ask paired with a lever), b·m may lower the log-odds by at most SHAPE_FLOOR. `a` is fixed by design (rules keep a positive say, so
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

/** Fused log-odds from the rules' log-odds and the model term. */
export function fuseLogits(
  ruleLogit: number,
  term: number,
  scamShape = false,
  params: FusionParams = MODEL_WEIGHTS.fusion,
): number {
  const model = params.model * term;
  return (
    params.bias + params.rules * ruleLogit + (scamShape ? Math.max(model, -SHAPE_FLOOR) : model)
  );
}

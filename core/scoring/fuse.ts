/**
 * Fusion of the rule engine and the language model into one score.
 *
 * Fusion rule: fused log-odds = bias + a·(rule log-odds) + b·m, score = sigmoid(fused), where
 * m is the model's evidence (its log-odds less its own bias: what the words add, so a text of
 * words it never saw adds nothing) floored at MODEL_FLOOR and, when it argues "scam", cut to
 * 30% per counter-signal rule matched; when the rules found a classic scam shape (a payment or
 * remote-access ask paired with a lever), b·m may lower the log-odds by at most SHAPE_FLOOR;
 * when the rules found no ask or lever at all, b·m may raise the log-odds to NO_LEVER_CEILING
 * and no further, so wording alone cannot flag a call that asks for nothing. `a` is
 * fixed by design (rules keep a positive say, so counter-signals always lower the score) and
 * so is `bias` (0: the rules' own bias is the prior); `b` is fitted by `npm run train` on
 * 5-fold out-of-fold model outputs, so the model's scale is calibrated on rows it never saw.
 *
 * Why the guards: the n-gram model only knows its training sources, so (1) it must not be
 * able to erase an explicit scam shape the rules found (authority + payment demand) just
 * because the wording is new to it, (2) it must not flag a call for sounding like the training
 * scams when nothing in it asks for anything (a utility's outage notice, a dealer's recall
 * reminder), and (3) it cannot read "we will never ask for your PIN" — it sees "PIN" — so
 * explicit counter-signals damp its scam vote instead of being outvoted.
 * Pure: no runtime-specific imports.
 */
import { MODEL_WEIGHTS } from './model';
import { counterCount, hasLever, hasScamShape, ruleLogit } from './rule-score';
import type { RuleHit } from './rule-types';

/** Lowest model log-odds the fusion uses. */
export const MODEL_FLOOR = -1;

/** Most the model may subtract when the rules found a classic scam shape (guard, not fitted). */
export const SHAPE_FLOOR = 1.5;

/**
 * Highest log-odds the model may raise a call to when the rules found no ask or lever (guard,
 * not fitted): logit(0.25), under the default SUSPICIOUS line (0.30). The rules on their own may
 * score above it (authority plus urgency, say); the model only never lifts a call past it.
 */
export const NO_LEVER_CEILING = Math.log(0.25 / 0.75);

/** What the rules tell the fusion besides their log-odds. */
export interface RuleContext {
  scamShape: boolean;
  lever: boolean;
}

/** Fusion parameters, as stored in the weights file. */
export interface FusionParams {
  bias: number;
  rules: number;
  model: number;
}

/** The model's input to the fusion, after the floor and the counter-signal damping. */
export function modelTerm(modelEvidence: number, counterRules: number): number {
  const m = Math.max(modelEvidence, MODEL_FLOOR);
  return m > 0 ? m * 0.3 ** Math.min(3, counterRules) : m;
}

/** Fused log-odds from the rules' log-odds, the model term and what else the rules found. */
export function fuseLogits(
  ruleLogit: number,
  term: number,
  context: RuleContext = { scamShape: false, lever: true },
  params: FusionParams = MODEL_WEIGHTS.fusion,
): number {
  const rules = params.bias + params.rules * ruleLogit;
  let model = params.model * term;
  if (context.scamShape) model = Math.max(model, -SHAPE_FLOOR);
  if (!context.lever) model = Math.min(model, Math.max(0, NO_LEVER_CEILING - rules));
  return rules + model;
}

/**
 * The engine's fused log-odds for a call from its rule hits and the model's evidence. The one
 * place the fusion is assembled, so `npm run train` measures (cross-validation,
 * leave-one-source-out) exactly what the scorer computes, guards included.
 */
export function engineLogit(
  hits: readonly RuleHit[],
  modelEvidence: number,
  params: FusionParams = MODEL_WEIGHTS.fusion,
): number {
  return fuseLogits(
    ruleLogit(hits),
    modelTerm(modelEvidence, counterCount(hits)),
    { scamShape: hasScamShape(hits), lever: hasLever(hits) },
    params,
  );
}

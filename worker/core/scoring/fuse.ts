/**
 * Fusion of the rule engine and the language model into one score.
 *
 * Fusion rule: fused log-odds = bias + a·(rule log-odds) + b·(model log-odds), score =
 * sigmoid(fused). `a` is fixed by design (rules keep a positive say, so counter-signals always
 * lower the score and the rules still speak on calls unlike the training data), while `b` and
 * `bias` are fitted by `npm run train` on 5-fold out-of-fold model outputs, which calibrates
 * the model's scale against rows it never learned from. Pure: no runtime-specific imports.
 */
import { MODEL_WEIGHTS } from './model';

/** Fused log-odds from the two engines' log-odds. */
export function fuseLogits(ruleLogit: number, modelLogit: number): number {
  const f = MODEL_WEIGHTS.fusion;
  return f.bias + f.rules * ruleLogit + f.model * modelLogit;
}

/**
 * The learned fusion of the character n-gram model and the rules-and-n-gram score (v3): one
 * logistic regression over both models' log-odds, fitted on out-of-fold predictions of whole
 * calls and their 25/50/100-word openings, so the score is a probability fitted on text neither
 * model saw (how well calibrated: docs/scoring.md) and the live stream's growing prefixes are
 * judged by the same fit:
 *
 *   logit(score) = bias + char·a + v3·b + counter·[a counter-signal matched]
 *                  + shape·[a payment or remote-access ask with a lever]
 *                  + [under SHORT_WORDS words]·(short + charShort·a + v3Short·b)
 *
 * where a = logit(model probability) and b = logit(v3 score); under CHAR_MIN_WORDS words the
 * score is v3's (the model abstains). v3 already carries the rules'
 * guards (the no-ask guard holds a claim that asks for nothing at 0.25); here they are inputs
 * whose weight is learned, not ceilings. The counter term keeps what the character model
 * cannot read ("we will never ask for your PIN" is, to it, a sentence about a PIN); the shape
 * term keeps the rules' strongest evidence for scams whose wording the model has never met.
 * The numbers are fitted by `npm run train:charmodel`; see docs/scoring.md. Pure.
 */

/** Text shorter than this many words is an opening: its own terms in the fit. */
export const SHORT_WORDS = 40;

/**
 * Under this many words the character model abstains and the score is v3's. A greeting ("thank
 * you for calling Amazon, how can I help you?") or a first "hello" is how real support lines and
 * the scam-bait recordings both open; the model, trained on those recordings, reads it as
 * their start, not as evidence. One 5-second chunk carries about 12 words, a greeting about 15.
 */
export const CHAR_MIN_WORDS = 20;

/** The fusion's fitted numbers, stored beside the weights. */
export interface CharFusion {
  bias: number;
  char: number;
  v3: number;
  counter: number;
  shape: number;
  short: number;
  charShort: number;
  v3Short: number;
}

/** The inputs of the fusion, in the order of {@link fusionFeatures}. */
export const FUSION_FEATURES = [
  'char',
  'v3',
  'counter',
  'shape',
  'short',
  'charShort',
  'v3Short',
] as const satisfies readonly Exclude<keyof CharFusion, 'bias'>[];

/** Log-odds of a probability, clamped away from 0 and 1. */
export function logOdds(p: number): number {
  const q = Math.min(1 - 1e-5, Math.max(1e-5, p));
  return Math.log(q / (1 - q));
}

/** The fusion's inputs for one text, in FUSION_FEATURES order. */
export function fusionFeatures(
  charProbability: number,
  v3Score: number,
  words: number,
  rules: RuleEvidence,
): number[] {
  const a = logOdds(charProbability);
  const b = logOdds(v3Score);
  const short = words < SHORT_WORDS ? 1 : 0;
  return [a, b, rules.counter ? 1 : 0, rules.shape ? 1 : 0, short, a * short, b * short];
}

/** What the rules found that the fusion weighs on its own. */
export interface RuleEvidence {
  /** A counter-signal matched (independent verification, "we will never ask"). */
  counter: boolean;
  /** A classic scam shape: a payment or remote-access ask paired with a lever. */
  shape: boolean;
}

/** The fused, calibrated probability that the call is a scam. */
export function fusedScore(
  charProbability: number,
  v3Score: number,
  words: number,
  rules: RuleEvidence,
  fusion: CharFusion,
): number {
  if (words < CHAR_MIN_WORDS) return v3Score;
  const x = fusionFeatures(charProbability, v3Score, words, rules);
  let z = fusion.bias;
  FUSION_FEATURES.forEach((name, i) => {
    z += fusion[name] * x[i]!;
  });
  return 1 / (1 + Math.exp(-z));
}

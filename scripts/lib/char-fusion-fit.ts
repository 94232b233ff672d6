/**
 * Fits the fusion of the character n-gram model and v3 (core/scoring/char-model-fuse.ts): both
 * are retrained without the rows they then score (whole calls and their 25/50/100-word
 * openings), and a logistic regression over the fusion's inputs is fitted on those held-out
 * predictions, so the fused score is calibrated on text neither model saw. Deterministic. No I/O.
 */
import { charModelScore } from '#core/scoring/char-model';
import { type CharFusion, FUSION_FEATURES, fusionFeatures } from '#core/scoring/char-model-fuse';
import { matchRules } from '#core/scoring/match';
import { ruleEvidence } from '#core/scoring/rule-score';
import { wordCounts } from '#core/scoring/signals';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { fitLogisticL2 } from './baseline/lbfgs';
import { type FeatureCache, openingWeight, trainCharModel } from './char-model-train';
import { CV_PARTS, type Learner, partOf, stratifiedFolds } from './cv';
import { engineLearner, fusedEngine } from './cv-learners';
import { type LabelledRow, WRITTEN_SOURCE } from './dataset';
import { LOSO_GROUPS } from './loso';

/** Folds of the out-of-fold predictions. */
export const FUSION_FOLDS = 5;

/** Inverse L2 strength of the fusion's fit (it has eight numbers and thousands of rows). */
const FUSION_C = 100;

/** A fusion that only passes the model through (for training a model whose fusion is unknown). */
const UNFITTED: CharFusion = {
  bias: 0,
  char: 1,
  v3: 0,
  counter: 0,
  shape: 0,
  short: 0,
  charShort: 0,
  v3Short: 0,
};

/** One out-of-fold prediction: the fusion's inputs for a whole call or an opening. */
export interface OutOfFold {
  features: number[];
  scam: boolean;
  /** How much it counts in the fit (out-of-source predictions count OUT_OF_SOURCE_WEIGHT). */
  weight: number;
}

/**
 * Weight of a prediction made without the row's source group, beside 1 for one made without its
 * fold. At 0 the fusion trusts the character model as much as it earns on familiar sources and
 * lets it overrule the rules on scams it has never met; at 0.25 it trusts it so little that
 * scam-bait recall falls under the baseline's. 0.05 is the largest weight (of 0, 0.05, 0.1,
 * 0.15, 0.25) at which, in `npm run cv`, every real source stays at or above the baseline at
 * every length with a margin; docs/scoring.md has the table.
 */
export const OUT_OF_SOURCE_WEIGHT = 0.05;

/**
 * Both models' predictions for every row and distinct opening, twice: from models trained on the
 * other folds (the source is familiar), and from models trained without the row's whole source
 * group (a kind of call neither model has met, as a new scam script is). Fitted on both, the
 * fusion learns how far to trust the character model where its wording is new, which is where
 * the rules earn their place.
 */
export function outOfFold(rows: readonly LabelledRow[], cache?: FeatureCache): OutOfFold[] {
  const folds = stratifiedFolds(rows, FUSION_FOLDS);
  const held: { isHeld: (r: LabelledRow, i: number) => boolean; weight: number }[] = [];
  for (let f = 0; f < FUSION_FOLDS; f++) held.push({ isHeld: (_, i) => folds[i] === f, weight: 1 });
  const groups = [...Object.values(LOSO_GROUPS), [WRITTEN_SOURCE]];
  for (const sources of groups)
    held.push({ isHeld: (r) => sources.includes(r.source), weight: OUT_OF_SOURCE_WEIGHT });
  const v3 = engineLearner();
  const out: OutOfFold[] = [];
  for (const { isHeld, weight } of held) {
    const train = rows.filter((r, i) => !isHeld(r, i));
    if (train.length === rows.length) continue;
    const char = trainCharModel(train, UNFITTED, cache);
    const v3Score = v3.train(train);
    rows.forEach((r, i) => {
      if (!isHeld(r, i)) return;
      const seen = new Set<string>();
      for (const part of CV_PARTS) {
        const text = partOf(r.transcript, part);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({
          features: fusionFeatures(
            charModelScore(text, char).probability,
            v3Score(text),
            wordCounts(text).words,
            ruleEvidence(matchRules(text)),
          ),
          scam: r.label === 'scam',
          weight: part === 'whole' ? weight : weight * openingWeight(r, Number(part)),
        });
      }
    });
  }
  return out;
}

/** The logistic regression over the out-of-fold predictions, rounded to 4 decimals. */
export function fitCharFusion(oof: readonly OutOfFold[]): CharFusion {
  const dim = FUSION_FEATURES.length;
  const cols = Int32Array.from({ length: dim }, (_, i) => i);
  const fit = fitLogisticL2(
    oof.map((o) => ({ cols, vals: Float64Array.from(o.features) })),
    oof.map((o) => (o.scam ? 1 : 0)),
    oof.map((o) => o.weight),
    dim,
    { c: FUSION_C, maxIterations: 500 },
  );
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const fusion = { bias: round(fit.bias) } as CharFusion;
  FUSION_FEATURES.forEach((name, i) => {
    fusion[name] = round(fit.weights[i]!);
  });
  return fusion;
}

/**
 * The engine with its fusion fitted anew inside every training set, from that set's own
 * out-of-fold predictions (`npm run cv -- --refit-fusion`): then nothing the engine learns,
 * the fusion's eight numbers included, has seen the rows it is scored on. The shipped fusion is
 * fitted once over the whole pool, so the plain `ours` column lets the rows of each test fold
 * weigh, a little, in those eight numbers. Ten trainings per fit: slow.
 */
export function refittedEngineLearner(): Learner {
  const v3 = engineLearner();
  const cache: FeatureCache = new Map();
  return {
    name: 'refit',
    cut: DEFAULT_THRESHOLDS.suspicious,
    train(rows) {
      const fusion = fitCharFusion(outOfFold(rows, cache));
      return fusedEngine(v3.train(rows), trainCharModel(rows, fusion, cache), fusion);
    },
  };
}

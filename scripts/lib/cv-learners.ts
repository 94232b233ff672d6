/**
 * The learners `npm run cv` compares: the plain baseline and the engine as it is trained for
 * shipping. Each retrains everything it learns from the rows it is given. No I/O.
 */
import { CHAR_MODEL, type CharModel, charModelScore } from '#core/scoring/char-model';
import { type CharFusion, fusedScore } from '#core/scoring/char-model-fuse';
import { isGarbled } from '#core/scoring/garble';
import { matchRules } from '#core/scoring/match';
import { MODEL_WEIGHTS } from '#core/scoring/model';
import { ruleEvidence, ruleLogit, sigmoid } from '#core/scoring/rule-score';
import { wordCounts } from '#core/scoring/signals';
import { DEFAULT_THRESHOLDS } from '#core/thresholds';
import { BASELINE, BaselineCounter, baselineProbability, trainBaseline } from './baseline/index';
import type { CountedText } from './baseline/tfidf';
import { trainCharModel } from './char-model-train';
import type { Learner } from './cv';
import type { LabelledRow } from './dataset';
import { trainLogReg } from './logreg';
import { engineScore } from './loso';
import { buildVocabulary, toExamples, trainingTexts } from './train-data';

/** The baseline, counting each distinct text once across folds. */
export function baselineLearner(): Learner {
  const counter = new BaselineCounter();
  const cache = new Map<string, CountedText>();
  const count = (t: string) => {
    let c = cache.get(t);
    if (!c) {
      c = counter.count(t);
      cache.set(t, c);
    }
    return c;
  };
  return {
    name: 'baseline',
    cut: BASELINE.cut,
    train(rows: readonly LabelledRow[]) {
      const model = trainBaseline(
        rows.map((r) => count(r.transcript)),
        rows.map((r) => (r.label === 'scam' ? 1 : 0)),
      );
      return (t) => baselineProbability(model, count(t));
    },
  };
}

/** The v3 engine: its n-gram model retrained per fold, fused with the rules as shipped. */
export function engineLearner(): Learner {
  const settings = MODEL_WEIGHTS as unknown as {
    settings: { epochs: number; learningRate: number; l2: number; seed: number; minDocs: number };
  };
  const { minDocs, epochs, learningRate, l2, seed } = settings.settings;
  return {
    name: 'ours',
    cut: DEFAULT_THRESHOLDS.suspicious,
    train(rows) {
      const vocab = buildVocabulary(rows, minDocs);
      const index = new Map(vocab.map((g, i) => [g, i]));
      const model = trainLogReg(toExamples(trainingTexts(rows), index), {
        epochs,
        learningRate,
        l2,
        seed,
        dim: vocab.length,
      });
      return (t) => engineScore(t, model, index, MODEL_WEIGHTS.fusion);
    },
  };
}

/**
 * The engine as shipped: v3 and the character n-gram model, both retrained per fold (the model
 * on the fold's rows and their openings), joined by the learned fusion. The fusion's seven
 * numbers are the shipped ones, fitted on out-of-fold predictions over the same pool by
 * `npm run train:charmodel`. `char` is the model's probability alone, flagged at 0.5.
 */
export function charEngineLearners(fusion: CharFusion = CHAR_MODEL.fusion): Learner[] {
  const v3 = engineLearner();
  const cache = new Map<string, { cols: Int32Array; vals: Float64Array }>();
  let lastRows: readonly LabelledRow[] | null = null;
  let lastModel: CharModel | null = null;
  const model = (rows: readonly LabelledRow[]) => {
    if (rows !== lastRows) {
      lastModel = trainCharModel(rows, fusion, cache);
      lastRows = rows;
    }
    return lastModel!;
  };
  return [
    {
      name: 'ours',
      cut: DEFAULT_THRESHOLDS.suspicious,
      train(rows) {
        return fusedEngine(v3.train(rows), model(rows), fusion);
      },
    },
    { ...v3, name: 'v3' },
    {
      name: 'char',
      cut: 0.5,
      train(rows) {
        const m = model(rows);
        return (t) => charModelScore(t, m).probability;
      },
    },
  ];
}

/** The engine's score from its trained parts, joined as core/scoring/index.ts joins them. */
export function fusedEngine(
  v3: (text: string) => number,
  model: CharModel,
  fusion: CharFusion,
): (text: string) => number {
  return (t) => {
    const { words } = wordCounts(t);
    // Recogniser garble is scored by the rules alone, as the engine does (garble.ts).
    if (isGarbled(t.toLowerCase(), words)) return sigmoid(ruleLogit(matchRules(t)));
    return fusedScore(
      charModelScore(t, model).probability,
      v3(t),
      words,
      ruleEvidence(matchRules(t)),
      fusion,
    );
  };
}

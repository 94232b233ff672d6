/**
 * Leave-one-source-out figures for `npm run train`: the model is trained without a source and
 * the engine (rules + that model, fused exactly as the scorer fuses them) scores the source's
 * rows from both files. A source the model has never seen is what a real call is, so these
 * figures, not the cross-validated ones, say whether the model learned scams or styles.
 * No I/O.
 */
import { engineLogit, type FusionParams } from '#core/scoring/fuse';
import { matchRules } from '#core/scoring/match';
import { sigmoid } from '#core/scoring/rule-score';
import { firstWords, type LabelledRow } from './dataset';
import { type LogReg, logitOf, type TrainOptions, trainLogReg } from './logreg';
import { buildVocabulary, featuresOf, toExamples, trainingTexts } from './train-data';

/**
 * Groups left out together. The two BothBosu sets come from one generator (one with several
 * caller personalities), so leaving out only one of them would still train on its twin.
 */
export const LOSO_GROUPS: Readonly<Record<string, readonly string[]>> = {
  ftc_robocall: ['ftc_robocall'],
  youtube_scambait: ['youtube_scambait'],
  'bothbosu_*': ['bothbosu_single', 'bothbosu_multi'],
  taskmaster: ['taskmaster'],
};

/** Opening length the live stream is judged on. */
export const OPENING_WORDS = 100;

/** One left-out group: its rows and the engine's scores for each (whole call and opening). */
export interface LosoSet {
  group: string;
  rows: LabelledRow[];
  whole: number[];
  opening: number[];
}

/** Settings shared with the main training run. */
export interface LosoOptions {
  train: Omit<TrainOptions, 'dim'>;
  minDocs: number;
  fusion: FusionParams;
}

/** The engine's score for a text with a given model in place of the shipped one. */
export function engineScore(
  text: string,
  model: LogReg,
  index: ReadonlyMap<string, number>,
  fusion: FusionParams,
): number {
  const evidence = logitOf(model, { ...featuresOf(text, index), label: 0, weight: 1 }) - model.bias;
  return sigmoid(engineLogit(matchRules(text), evidence, fusion));
}

/**
 * For each group: train on `train` without it, score its rows of `train` and `test`.
 * The fusion's two fitted numbers come from the main run (which saw every source); the
 * n-gram weights, where style can hide, never see the group.
 */
export function leaveOneSourceOut(
  train: readonly LabelledRow[],
  test: readonly LabelledRow[],
  options: LosoOptions,
  groups: Readonly<Record<string, readonly string[]>> = LOSO_GROUPS,
): LosoSet[] {
  const out: LosoSet[] = [];
  for (const [group, sources] of Object.entries(groups)) {
    const left = new Set(sources);
    const rest = train.filter((r) => !left.has(r.source));
    const held = [...train, ...test].filter((r) => left.has(r.source));
    if (held.length === 0 || rest.length === train.length) continue;
    const vocab = buildVocabulary(rest, options.minDocs);
    const index = new Map(vocab.map((g, i) => [g, i]));
    const model = trainLogReg(toExamples(trainingTexts(rest), index), {
      ...options.train,
      dim: vocab.length,
    });
    const score = (t: string) => engineScore(t, model, index, options.fusion);
    out.push({
      group,
      rows: held,
      whole: held.map((r) => score(r.transcript)),
      opening: held.map((r) => score(firstWords(r.transcript, OPENING_WORDS))),
    });
  }
  return out;
}

/**
 * `npm run train [-- <train.jsonl>] [--extra <more.jsonl>]… [--dev <dev.jsonl>] [--epochs N] [--l2 X] [--min-docs N] [--out file]`
 *
 * `--extra` adds labelled rows to the training split, e.g. an organisation's reviewed calls
 * (`GET /api/v1/analyses/export`, one source per analysis kind: `reviewed_upload` …).
 *
 * Trains the n-gram logistic regression on the training split, fits the fusion layer on
 * 5-fold out-of-fold model outputs (so the fusion never sees a model that has memorised the
 * row it is scoring), prints cross-validated figures per source and leave-one-source-out
 * figures (trained without a source, tested on its rows of both files), each with a
 * reliability table, and the words that tell sources apart, and writes the weights file.
 * Deterministic: fixed seed, fixed epochs, folds by a hash of the row id.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { engineLogit, modelTerm } from '#core/scoring/fuse';
import { matchRules } from '#core/scoring/match';
import { counterCount, ruleLogit, sigmoid } from '#core/scoring/rule-score';
import { DatasetError, readRows, readTrainingRows } from './lib/dataset';
import { fitSmallLogReg, logitOf, type TrainOptions, trainLogReg } from './lib/logreg';
import { leaveOneSourceOut } from './lib/loso';
import { renderSourceTells, sourceTells } from './lib/source-tells';
import { buildVocabulary, foldOf, toExamples, trainingTexts } from './lib/train-data';
import { printCvFigures, printLosoFigures } from './lib/train-report';

const FOLDS = 5;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      epochs: { type: 'string', default: '12' },
      l2: { type: 'string', default: '1e-4' },
      'min-docs': { type: 'string', default: '3' },
      prune: { type: 'string', default: '0.02' },
      'rule-weight': { type: 'string', default: '1' },
      'safe-cost': { type: 'string', default: '10' },
      out: { type: 'string', default: 'core/scoring/model-weights.json' },
      dev: { type: 'string', default: '../shared/eval/dev.jsonl' },
      extra: { type: 'string', multiple: true, default: [] },
    },
  });
  const file = positionals[0] ?? '../shared/eval/train.jsonl';
  const rows = await readTrainingRows(file, values.extra);
  const devRows = await readRows(values.dev);
  const minDocs = Number(values['min-docs']);
  const base = {
    epochs: Number(values.epochs),
    learningRate: 0.5,
    l2: Number(values.l2),
    seed: 20261122,
  };
  const texts = trainingTexts(rows);
  const folds = rows.map((r) => foldOf(r.id, FOLDS));

  // Out-of-fold model evidence (log-odds without the model's bias, see fuse.ts) for every text.
  const oof = new Array<number>(texts.length).fill(0);
  const oofLogit = new Array<number>(texts.length).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const trainRows = rows.filter((_, i) => folds[i] !== k);
    const vocab = buildVocabulary(trainRows, minDocs);
    const index = new Map(vocab.map((g, i) => [g, i]));
    const opts: TrainOptions = { ...base, dim: vocab.length };
    const inFold = texts.map((t) => folds[t.rowIndex] === k);
    const model = trainLogReg(
      toExamples(
        texts.filter((_, i) => !inFold[i]),
        index,
      ),
      opts,
    );
    const held = toExamples(
      texts.filter((_, i) => inFold[i]),
      index,
    );
    let j = 0;
    texts.forEach((_, i) => {
      if (!inFold[i]) return;
      oofLogit[i] = logitOf(model, held[j++]!);
      oof[i] = oofLogit[i]! - model.bias;
    });
  }
  const hits = texts.map((t) => matchRules(t.text));
  const rule = hits.map((h) => ruleLogit(h));
  const term = hits.map((h, i) => modelTerm(oof[i]!, counterCount(h)));
  // The rules' weight is fixed, not fitted: the training sources are separable by the model
  // alone, so a free fit gives the rules a negative weight (-0.34 measured with 1e-5 L2), which would make
  // counter-signals raise the score on exactly the out-of-distribution calls the rules exist
  // for. The fusion bias is held at 0 too: the rules' own bias is the prior, and a model with
  // no evidence (words it has never seen, as on an unseen source) leaves the rules' score as it
  // is; a fitted bias (-1.39 measured) would instead pull every unfamiliar call towards "safe".
  // Only the model's scale is fitted, with the rule term as an offset.
  // Safe rows weigh `safeCost` times more in this fit: in the field most calls are legitimate
  // (training is half scams) and a false alarm costs more trust than a late detection.
  const ruleWeight = Number(values['rule-weight']);
  const safeCost = Number(values['safe-cost']);
  const [c, b] = fitSmallLogReg(
    term.map((m) => [m]),
    texts.map((t) => t.label),
    texts.map((t) => t.weight * (t.label === 0 ? safeCost : 1)),
    rule.map((z) => ruleWeight * z),
    undefined,
    undefined,
    false,
  );
  const fusion = { bias: round(c!), rules: ruleWeight, model: round(b!) };
  printCvFigures(rows, texts, {
    rules: rule.map(sigmoid),
    model: oofLogit.map(sigmoid),
    fused: hits.map((h, i) => sigmoid(engineLogit(h, oof[i]!, fusion))),
  });
  printLosoFigures(leaveOneSourceOut(rows, devRows, { train: base, minDocs, fusion }));
  console.log(
    `\n== source tells: share of a source's rows with the word / of the other sources' (same label); * = skipped by the model\n${renderSourceTells(sourceTells(rows))}`,
  );

  // Final model on every row.
  const vocab = buildVocabulary(rows, minDocs);
  const index = new Map(vocab.map((g, i) => [g, i]));
  const model = trainLogReg(toExamples(texts, index), { ...base, dim: vocab.length });
  const prune = Number(values.prune);
  const grams: string[] = [];
  const weights: number[] = [];
  vocab.forEach((g, i) => {
    const w = model.weights[i]!;
    if (Math.abs(w) >= prune) {
      grams.push(g);
      weights.push(round(w));
    }
  });
  const out = {
    format: 'callshield-ngram-logreg/1',
    trained_on: { file: file.split('/').pop(), rows: rows.length, texts: texts.length },
    settings: { ...base, minDocs, prune, folds: FOLDS, vocabulary: vocab.length },
    bias: round(model.bias),
    fusion,
    grams,
    values: weights,
  };
  await writeFile(values.out, `${JSON.stringify(out)}\n`);
  console.log(
    `kept ${grams.length} of ${vocab.length} n-grams; fusion ${JSON.stringify(fusion)}; wrote ${values.out}`,
  );
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

main().catch((err: unknown) => {
  console.error(
    err instanceof DatasetError ? `train: ${err.message}` : `train failed: ${String(err)}`,
  );
  process.exitCode = 1;
});

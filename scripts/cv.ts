/**
 * `npm run cv [-- --folds K] [--with-dev] [--no-loso] [--refit-fusion] [--dump FILE]`
 *
 * Honest validation of everything learned: source-stratified K-fold cross-validation over
 * train.jsonl + real-scams.jsonl (+ dev.jsonl with --with-dev), retraining every learner per
 * fold, then leave-one-source-out (trained without a source, tested on its rows of every file).
 * Prints ours beside the plain baseline per source for whole calls and their first 25/50/100
 * words, and ours' reliability bins. `--refit-fusion` adds "refit": ours with the fusion fitted
 * anew inside every training set (char-fusion-fit.ts; about five times as long). Deterministic.
 */

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { refittedEngineLearner } from './lib/char-fusion-fit';
import { crossValidate, leaveGroupsOut } from './lib/cv';
import { baselineLearner, charEngineLearners } from './lib/cv-learners';
import { renderBins, renderCvTable, renderLoso } from './lib/cv-report';
import { DatasetError, readRows, readTrainingRows, writtenCallFiles } from './lib/dataset';
import { LOSO_GROUPS } from './lib/loso';

const DATA = '../shared/eval';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      'with-dev': { type: 'boolean', default: false },
      'no-loso': { type: 'boolean', default: false },
      'refit-fusion': { type: 'boolean', default: false },
      data: { type: 'string', default: DATA },
      dump: { type: 'string' },
    },
  });
  const k = Number(values.folds);
  if (!Number.isInteger(k) || k < 2 || k > 20) {
    console.error('--folds must be a whole number from 2 to 20');
    return 2;
  }
  const files = [
    `${values.data}/train.jsonl`,
    `${values.data}/real-scams.jsonl`,
    ...(await writtenCallFiles()),
  ];
  const dev = await readRows(`${values.data}/dev.jsonl`);
  if (values['with-dev']) files.push(`${values.data}/dev.jsonl`);
  const rows = await readTrainingRows(files[0]!, files.slice(1));
  const learners = [
    ...charEngineLearners(),
    ...(values['refit-fusion'] ? [refittedEngineLearner()] : []),
    baselineLearner(),
  ];
  const log = (m: string) => process.stderr.write(`${m}\n`);
  log(`cv: ${rows.length} rows from ${files.join(', ')}; ${k} folds`);
  const scores = crossValidate(rows, learners, k, (f) => log(`cv: fold ${f + 1}/${k}`));
  console.log(
    renderCvTable(
      `== ${k}-fold cross-validation, stratified by source (${rows.length} rows; flagged = ours >= ${learners[0]!.cut}, v3 >= ${learners[1]!.cut}, char >= ${learners[2]!.cut}, baseline >= ${learners.at(-1)!.cut})`,
      rows,
      scores,
      learners,
    ),
  );
  console.log(renderBins(rows, scores, learners[0]!));
  if (values['refit-fusion']) console.log(renderBins(rows, scores, learners.at(-2)!));
  console.log(renderBins(rows, scores, learners.at(-1)!));
  if (values.dump)
    await writeFile(
      values.dump,
      JSON.stringify({ rows: rows.map((r) => ({ source: r.source, label: r.label })), scores }),
    );
  if (!values['no-loso']) {
    log('cv: leave one source out');
    const extra = values['with-dev'] ? [] : dev;
    console.log(renderLoso(leaveGroupsOut(rows, extra, learners, LOSO_GROUPS), learners));
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof DatasetError ? `cv: ${err.message}` : `cv failed: ${String(err)}`);
    process.exitCode = 1;
  },
);

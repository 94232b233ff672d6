/**
 * `npm run train:charmodel [-- --data DIR]`: trains the engine's character n-gram model on
 * train.jsonl + real-scams.jsonl + the written calls in scripts/data/, fits its fusion with the
 * rules on out-of-fold predictions, and writes core/scoring/char-model-weights.json.
 * Deterministic; a few minutes on two cores.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fitCharFusion, outOfFold } from './lib/char-fusion-fit';
import { trainCharModelFile } from './lib/char-model-train';
import { readTrainingRows, writtenCallFiles } from './lib/dataset';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const rows = await readTrainingRows(`${values.data}/train.jsonl`, [
  `${values.data}/real-scams.jsonl`,
  ...(await writtenCallFiles()),
]);
const cache = new Map<string, { cols: Int32Array; vals: Float64Array }>();
console.log(`train:charmodel: ${rows.length} rows; out-of-fold predictions for the fusion`);
const fusion = fitCharFusion(outOfFold(rows, cache));
console.log(`train:charmodel: fusion ${JSON.stringify(fusion)}`);
const file = trainCharModelFile(rows, fusion, cache);
const out = 'core/scoring/char-model-weights.json';
await writeFile(out, `${JSON.stringify(file)}\n`);
console.log(`${out}: ${file.q.length} weights from ${rows.length} rows`);

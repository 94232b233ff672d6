/**
 * `npm run train:charmodel [-- --data DIR]`: trains the engine's character n-gram model on
 * train.jsonl + real-scams.jsonl and writes core/scoring/char-model-weights.json. Deterministic.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { trainCharModelFile } from './lib/char-model-train';
import { readTrainingRows } from './lib/dataset';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const rows = await readTrainingRows(`${values.data}/train.jsonl`, [
  `${values.data}/real-scams.jsonl`,
]);
const file = trainCharModelFile(rows);
const out = 'core/scoring/char-model-weights.json';
await writeFile(out, `${JSON.stringify(file)}\n`);
console.log(`${out}: ${file.q.length} weights from ${rows.length} rows`);

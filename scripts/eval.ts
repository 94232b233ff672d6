/**
 * `npm run eval -- <file.jsonl> [--json] [--engine local|rules|gemini|cascade] [--concurrency N] [--errors <out.tsv>]`
 *
 * Scores labelled transcripts and prints recall, false-positive rate, precision and F1 per
 * source and overall, at the SUSPICIOUS and LIKELY_SCAM cuts, for whole transcripts and for
 * their first 25/50/100/200 words.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DatasetError, readRows } from './lib/dataset';
import { evalEngines } from './lib/eval-engines';
import { evaluate, renderErrors, renderText } from './lib/eval-report';

const USAGE =
  'usage: npm run eval -- <file.jsonl> [--json] [--engine local|rules|gemini|cascade] [--concurrency N] [--errors <out.tsv>]\n' +
  '       gemini and cascade need GEMINI_API_KEY';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'local' },
      errors: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error('--concurrency must be a whole number from 1 to 64');
    return 2;
  }
  const engines = evalEngines(process.env, concurrency);
  const engine = engines[values.engine];
  if (!engine) {
    console.error(
      `unknown or unavailable engine "${values.engine}" (available: ${Object.keys(engines).join(', ')})`,
    );
    return 2;
  }
  const rows = await readRows(file);
  const result = await evaluate(rows, engine.score, values.engine, undefined, engine.concurrency);
  if (values.errors) await writeFile(values.errors, renderErrors(result.errors));
  if (values.json) {
    const { errors, ...figures } = result;
    process.stdout.write(`${JSON.stringify({ ...figures, misclassified: errors.length })}\n`);
  } else {
    process.stdout.write(`${renderText(result)}\n`);
    if (!values.errors)
      process.stdout.write(
        `\n== misclassified (${result.errors.length})\n${renderErrors(result.errors)}`,
      );
    else
      process.stdout.write(
        `\n${result.errors.length} misclassified rows written to ${values.errors}\n`,
      );
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(
      err instanceof DatasetError ? `eval: ${err.message}` : `eval failed: ${String(err)}`,
    );
    process.exitCode = 1;
  },
);

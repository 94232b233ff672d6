/**
 * `npm run eval -- <file.jsonl> [--json] [--engine local|rules] [--errors <out.tsv>]`
 *
 * Scores labelled transcripts and prints recall, false-positive rate, precision and F1 per
 * source and overall, at the SUSPICIOUS and LIKELY_SCAM cuts, for whole transcripts and for
 * their first 25/50/100/200 words.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { scoreTranscript } from '../worker/core/scoring/index';
import { DatasetError, readRows } from './lib/dataset';
import { evaluate, renderErrors, renderText, type Scorer } from './lib/eval-report';

// Engines the eval can drive. Gemini is wired by its own module; add it here when it exists.
const ENGINES: Record<string, Scorer> = {
  local: (t) => scoreTranscript(t),
  rules: (t) => scoreTranscript(t, { model: false }),
};

const USAGE =
  'usage: npm run eval -- <file.jsonl> [--json] [--engine local|rules] [--errors <out.tsv>]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'local' },
      errors: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const scorer = ENGINES[values.engine];
  if (!scorer) {
    console.error(
      `unknown or unavailable engine "${values.engine}" (available: ${Object.keys(ENGINES).join(', ')})`,
    );
    return 2;
  }
  const rows = await readRows(file);
  const result = evaluate(rows, scorer, values.engine);
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

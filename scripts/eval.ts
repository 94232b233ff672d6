/**
 * `npm run eval -- <file.jsonl> [--json] [--engine local|rules|baseline|gemini|cascade]
 *   [--compare baseline|none] [--baseline-train <train.jsonl>] [--concurrency N] [--errors <out.tsv>]`
 *
 * Scores labelled transcripts and prints recall, false-positive rate, precision and F1 per
 * source and overall, at the SUSPICIOUS and LIKELY_SCAM cuts, for whole transcripts and for
 * their first 25/50/100/200 words. Unless `--compare none`, it also trains the plain baseline
 * (scripts/lib/baseline) on `--baseline-train` and ends with ours and the baseline side by
 * side per source, whole call and first 25/50/100 words. `--engine baseline` scores with the
 * baseline alone (flagged at p >= 0.5).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DatasetError, readRows } from './lib/dataset';
import { BASELINE_THRESHOLDS, baselineEngine, renderComparison } from './lib/eval-compare';
import { evalEngines } from './lib/eval-engines';
import { evaluate, renderErrors, renderText } from './lib/eval-report';

const USAGE =
  'usage: npm run eval -- <file.jsonl> [--json] [--engine local|rules|baseline|gemini|cascade]\n' +
  '         [--compare baseline|none] [--baseline-train <train.jsonl>] [--concurrency N] [--errors <out.tsv>]\n' +
  '       gemini and cascade need GEMINI_API_KEY';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'local' },
      errors: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      compare: { type: 'string', default: 'baseline' },
      'baseline-train': { type: 'string', default: '../shared/eval/train.jsonl' },
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
  if (values.compare !== 'baseline' && values.compare !== 'none') {
    console.error('--compare must be "baseline" or "none"');
    return 2;
  }
  const engines = evalEngines(process.env, concurrency);
  const wantBaseline = values.engine === 'baseline' || values.compare === 'baseline';
  const baseline = wantBaseline
    ? baselineEngine(await readRows(values['baseline-train']))
    : undefined;
  if (baseline) engines.baseline = { score: baseline, concurrency: 1 };
  const engine = engines[values.engine];
  if (!engine) {
    console.error(
      `unknown or unavailable engine "${values.engine}" (available: ${Object.keys(engines).join(', ')})`,
    );
    return 2;
  }
  const rows = await readRows(file);
  const own = values.engine === 'baseline' ? BASELINE_THRESHOLDS : undefined;
  const result = await evaluate(rows, engine.score, values.engine, own, engine.concurrency);
  const base =
    baseline && values.engine !== 'baseline'
      ? await evaluate(rows, baseline, 'baseline', BASELINE_THRESHOLDS)
      : undefined;
  if (values.errors) await writeFile(values.errors, renderErrors(result.errors));
  if (values.json) {
    const { errors, ...figures } = result;
    const baselineFigures = base ? (({ errors: _e, ...f }) => f)(base) : undefined;
    process.stdout.write(
      `${JSON.stringify({ ...figures, misclassified: errors.length, baseline: baselineFigures })}\n`,
    );
  } else {
    process.stdout.write(`${renderText(result)}\n`);
    if (base) process.stdout.write(`${renderComparison(result, base)}\n`);
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

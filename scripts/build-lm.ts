/**
 * `npm run build:lm [-- --train F] [--dev F] [--out-dir D] [--brands F] [--min-trigram-count N]
 *   [--no-eval]`
 *
 * Builds the pocketsphinx domain language model from the training transcripts (scam AND safe
 * rows, so it does not lean toward scam words): numbers spelled out, words restricted to those
 * with a pronunciation (CMU dictionary plus `sidecar/models/brands.dict`), trigram with
 * interpolated modified Kneser-Ney, written as ARPA and converted to binary with
 * `sphinx_lm_convert`. Also writes the matching project dictionary. Deterministic: the same
 * inputs give byte-identical outputs. Prints dev perplexity against the general model.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readRows } from './lib/dataset';
import { formatDictionary, mergeDictionaries, readDictionary } from './lm/dictionary';
import { BOS, buildKneserNey, EOS, toArpa, UNK } from './lm/kneser-ney';
import { spokenSentences } from './lm/normalize';
import { arpaToBinary, evalPerplexity } from './lm/sphinx-tools';

const MODEL_DIR = process.env.POCKETSPHINX_MODEL_DIR ?? '/usr/share/pocketsphinx/model/en-us';

/** File names inside --out-dir; the sidecar's defaults (config.ts) name the same files. */
const LM_FILE = 'callshield.lm.bin';
const DICT_FILE = 'callshield.dict';

function sentencesOf(texts: string[], known: (w: string) => boolean): string[][] {
  return texts.flatMap((t) => spokenSentences(t, known));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string', default: '../shared/eval/train.jsonl' },
      dev: { type: 'string', default: '../shared/eval/dev.jsonl' },
      'out-dir': { type: 'string', default: 'sidecar/models' },
      brands: { type: 'string', default: 'sidecar/models/brands.dict' },
      'min-trigram-count': { type: 'string', default: '1' },
      'no-eval': { type: 'boolean', default: false },
    },
  });
  const outDir = values['out-dir'];
  const general = await readDictionary(join(MODEL_DIR, 'cmudict-en-us.dict'));
  const brands = await readDictionary(values.brands, true);
  const dict = mergeDictionaries(general, brands);
  const known = (w: string) => dict.has(w);

  const rows = await readRows(values.train);
  const sentences = sentencesOf(
    rows.map((r) => r.transcript),
    known,
  );
  const vocabulary = new Set<string>();
  let tokens = 0;
  let oov = 0;
  const mapped = sentences.map((s) =>
    s.map((w) => {
      tokens++;
      if (known(w)) {
        vocabulary.add(w);
        return w;
      }
      oov++;
      return UNK;
    }),
  );
  // Brand names are in the model even when the training text never spelled them our way.
  for (const w of brands.keys()) vocabulary.add(w);
  const model = buildKneserNey([...mapped, ...[...brands.keys()].map((w) => [w])], {
    minTrigramCount: Number(values['min-trigram-count']),
  });

  const work = await mkdtemp(join(tmpdir(), 'callshield-lm-'));
  try {
    const arpa = join(work, 'callshield.arpa');
    await writeFile(arpa, toArpa(model));
    const lm = join(outDir, LM_FILE);
    await arpaToBinary(arpa, lm);
    await writeFile(join(outDir, DICT_FILE), formatDictionary(dict, vocabulary));
    const size = (await stat(lm)).size;
    console.log(
      `train: ${rows.length} rows, ${sentences.length} sentences, ${tokens} words, ` +
        `${((100 * oov) / tokens).toFixed(2)}% without a pronunciation (mapped to ${UNK})`,
    );
    console.log(
      `model: ${vocabulary.size} words; n-grams ${model.ngrams.map((t) => t.size).join(' / ')}`,
    );
    console.log(
      `wrote ${lm} (${(size / 1024 / 1024).toFixed(2)} MiB) and ${join(outDir, DICT_FILE)}`,
    );
    if (values['no-eval']) return;

    const devRows = await readRows(values.dev);
    const devFile = join(work, 'dev.txt');
    const devText = sentencesOf(
      devRows.map((r) => r.transcript),
      known,
    ).map((s) => `${BOS} ${s.join(' ')} ${EOS}`);
    await writeFile(devFile, `${devText.join('\n')}\n`);
    for (const [name, path] of [
      ['domain (this build)', lm],
      ['general (en-us.lm.bin)', join(MODEL_DIR, 'en-us.lm.bin')],
    ] as const) {
      const p = await evalPerplexity(path, devFile);
      console.log(
        `dev perplexity, ${name}: ${p.perplexity.toFixed(1)} over ${p.words} words ` +
          `(${((100 * p.oovs) / p.words).toFixed(2)}% out of vocabulary, skipped)`,
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`build:lm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

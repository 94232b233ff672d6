/**
 * The two sphinxbase command-line tools the language-model build uses (Debian
 * `sphinxbase-utils`): `sphinx_lm_convert` (ARPA → the binary trie pocketsphinx loads) and
 * `sphinx_lm_eval` (perplexity of a model on sentences).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TEN_MINUTES = 600_000;

/** Converts an ARPA file to pocketsphinx's binary format. */
export async function arpaToBinary(arpa: string, out: string): Promise<void> {
  try {
    await run('sphinx_lm_convert', ['-i', arpa, '-o', out, '-ofmt', 'bin'], {
      timeout: TEN_MINUTES,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(
      `sphinx_lm_convert failed (install Debian sphinxbase-utils): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Perplexity figures as sphinx_lm_eval reports them. */
export interface Perplexity {
  perplexity: number;
  words: number;
  oovs: number;
}

/** Perplexity of `lm` on a file of `<s> … </s>` sentences, one per line. */
export async function evalPerplexity(lm: string, sentencesFile: string): Promise<Perplexity> {
  const { stdout, stderr } = await run('sphinx_lm_eval', ['-lm', lm, '-lsn', sentencesFile], {
    timeout: TEN_MINUTES,
    maxBuffer: 64 * 1024 * 1024,
  });
  const text = `${stdout}\n${stderr}`;
  const perplexity = /perplexity:\s*([\d.]+)/.exec(text);
  const words = /(\d+) words evaluated/.exec(text);
  const oovs = /(\d+) OOVs/.exec(text);
  if (!perplexity || !words || !oovs) throw new Error('sphinx_lm_eval printed no perplexity');
  return { perplexity: Number(perplexity[1]), words: Number(words[1]), oovs: Number(oovs[1]) };
}

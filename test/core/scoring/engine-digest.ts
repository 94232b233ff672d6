import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Analysis } from '#core/schemas/report';
import type { ScoreOptions } from '#core/scoring/index';

/** The calls the digest reads, from the repository root: every hard-case batch and written call. */
export const DIGEST_FILES = [
  'scripts/data/written-calls-a.jsonl',
  'scripts/data/written-calls-b.jsonl',
  'scripts/data/written-calls-c.jsonl',
  'scripts/data/written-calls-d.jsonl',
  'test/core/scoring/callshield-scenarios.jsonl',
  'test/core/scoring/hard-cases.jsonl',
  'test/core/scoring/hard-cases-b.jsonl',
  'test/core/scoring/hard-cases-c.jsonl',
  'test/core/scoring/hard-cases-d.jsonl',
  'test/core/scoring/hard-cases-e.jsonl',
  'test/core/scoring/hard-cases-f.jsonl',
];

/** The transcripts of {@link DIGEST_FILES}, in order (`root`: the repository root). */
export function digestTranscripts(root: string): string[] {
  return DIGEST_FILES.flatMap((file) =>
    readFileSync(resolve(root, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { transcript: string }).transcript),
  );
}

/** The text up to the end of its `n`-th whitespace-delimited word (all of it when shorter). */
export function firstWords(text: string, n: number): string {
  const word = /\S+/g;
  let count = 0;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    if (++count === n) return text.slice(0, m.index + m[0].length);
  }
  return text;
}

const OPTIONS: ScoreOptions[] = [{}, { model: false }, { charModel: false }];

/**
 * sha256 over the exact JSON of every analysis: each call whole, its first 25, 50 and 100 words
 * (what the live stream scores), and in upper case, each with both models, rules only, and
 * without the character model. Any change to any score, verdict, signal or quoted evidence
 * changes it.
 */
export function engineDigest(
  transcripts: readonly string[],
  score: (text: string, options: ScoreOptions) => Analysis,
): { digest: string; analyses: number } {
  const hash = createHash('sha256');
  let analyses = 0;
  for (const t of transcripts) {
    const texts = [t, firstWords(t, 25), firstWords(t, 50), firstWords(t, 100), t.toUpperCase()];
    for (const text of texts) {
      for (const options of OPTIONS) {
        hash.update(JSON.stringify(score(text, options)));
        hash.update('\n');
        analyses += 1;
      }
    }
  }
  return { digest: hash.digest('hex'), analyses };
}

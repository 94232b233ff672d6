import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scratch, scratch } from '../fixtures/media';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
  // One source with scams only, one with safe calls only.
  const rows = [
    { id: 'r1', source: 'robo', label: 'scam', transcript: 'Buy gift cards now or be arrested.' },
    { id: 'r2', source: 'robo', label: 'scam', transcript: 'Read me the code we just sent you.' },
    { id: 'c1', source: 'chat', label: 'safe', transcript: 'Two tickets for the seven pm show.' },
  ];
  await writeFile(tmp.path('rows.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
});
afterAll(async () => {
  await tmp?.cleanup();
});

function evalCli(args: string[]) {
  return run(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    [resolve(ROOT, 'scripts/eval.ts'), tmp.path('rows.jsonl'), '--compare', 'none', ...args],
    { timeout: 60_000 },
  );
}

type Rates = { recall: number | null; fpr: number | null };

describe('npm run eval on sources with one label', () => {
  it('emits null, not 0, for a rate a source cannot have (--json)', async () => {
    const { stdout } = await evalCli(['--json']);
    const r = JSON.parse(stdout) as {
      by_source: Record<string, Rates>;
      early: Record<string, { by_source: Record<string, Rates> }>;
    };
    expect(r.by_source.robo?.fpr).toBeNull();
    expect(r.by_source.robo?.recall).toEqual(expect.any(Number));
    expect(r.by_source.chat?.recall).toBeNull();
    expect(r.by_source.chat?.fpr).toEqual(expect.any(Number));
    expect(r.early['100']?.by_source.chat?.recall).toBeNull();
  });

  it('prints a dash for it in the text report', async () => {
    const { stdout } = await evalCli([]);
    const chat = stdout.split('\n').find((l) => l.startsWith('chat '));
    expect(chat).toBeDefined();
    // n, then recall "–", FPR as a percentage, precision and F1 "–" (nothing flagged).
    expect(chat?.trim().split(/\s+/)).toEqual(['chat', '1', '–', '0.0%', '–', '–']);
  });
});

describe('npm run eval beside the baseline', () => {
  it('trains the baseline on --baseline-train and prints both side by side', async () => {
    const { stdout } = await run(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      [
        resolve(ROOT, 'scripts/eval.ts'),
        tmp.path('rows.jsonl'),
        '--baseline-train',
        tmp.path('rows.jsonl'),
      ],
      { timeout: 60_000 },
    );
    const at = stdout.indexOf('== local vs baseline');
    expect(at).toBeGreaterThan(0);
    const table = stdout.slice(at);
    for (const part of [
      '-- whole call',
      '-- first 25 words',
      '-- first 50 words',
      '-- first 100 words',
    ])
      expect(table).toContain(part);
    // The scam-only source has a recall for both engines and no false-positive rate.
    const robo = table.split('\n').find((l) => l.startsWith('robo '));
    expect(robo?.trim().split(/\s+/)).toEqual([
      'robo',
      '2',
      expect.stringMatching(/%$/),
      expect.stringMatching(/%$/),
      '–',
      '–',
    ]);
  });

  it('scores with the baseline alone under --engine baseline', async () => {
    const { stdout } = await run(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      [
        resolve(ROOT, 'scripts/eval.ts'),
        tmp.path('rows.jsonl'),
        '--engine',
        'baseline',
        '--json',
        '--baseline-train',
        tmp.path('rows.jsonl'),
      ],
      { timeout: 60_000 },
    );
    const r = JSON.parse(stdout) as { engine: string; overall: { n: number } };
    expect(r.engine).toBe('baseline');
    expect(r.overall.n).toBe(3);
  });
});

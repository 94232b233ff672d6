import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGeminiServer, startGeminiServer } from '../fixtures/gemini-server';
import { type Scratch, scratch } from '../fixtures/media';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

let gemini: FakeGeminiServer;
let tmp: Scratch;
beforeAll(async () => {
  gemini = await startGeminiServer();
  tmp = await scratch();
  const rows = [
    {
      id: 's1',
      source: 't',
      label: 'scam',
      transcript: 'Pay the fine today with gift cards or be arrested.',
    },
    {
      id: 'h1',
      source: 't',
      label: 'safe',
      transcript: 'Hi, just confirming dinner at eight. See you then.',
    },
  ];
  await writeFile(tmp.path('rows.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
});
afterAll(async () => {
  await gemini?.close();
  await tmp?.cleanup();
});

/** Runs the real eval command with the fake Gemini as its endpoint. */
function evalCli(args: string[], env: Record<string, string> = {}) {
  return run(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    [resolve(ROOT, 'scripts/eval.ts'), tmp.path('rows.jsonl'), '--compare', 'none', ...args],
    {
      env: { ...process.env, GEMINI_BASE_URL: gemini.baseUrl, GEMINI_TIMEOUT_MS: '2000', ...env },
      timeout: 60_000,
    },
  );
}

describe('npm run eval with remote engines', () => {
  it('scores every row and every early-detection cut with Gemini through the real client', async () => {
    // Gemini's judgement: one score for every text, so the figures are known.
    gemini.fallback = {
      kind: 'answer',
      answer: {
        score: 0.92,
        confidence: 0.9,
        signals: [],
        recommendation: 'Hang up.',
        summary: 'x',
      },
    };
    const before = gemini.requests.length;
    const { stdout } = await evalCli(['--engine', 'gemini', '--json', '--concurrency', '2'], {
      GEMINI_API_KEY: 'test-key',
    });
    const result = JSON.parse(stdout) as { engine: string; overall: { tp: number; fp: number } };
    expect(result.engine).toBe('gemini');
    expect(result.overall).toMatchObject({ tp: 1, fp: 1 });
    // 2 rows × (whole call + 25/50/100/200 words).
    expect(gemini.requests.length - before).toBe(10);
    expect(gemini.requests.at(-1)?.headers['x-goog-api-key']).toBe('test-key');
  });

  it('offers Gemini engines only when a key is set, and says which exist', async () => {
    const failed = await evalCli(['--engine', 'gemini'], { GEMINI_API_KEY: '' }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('available: local, rules');
  });
});

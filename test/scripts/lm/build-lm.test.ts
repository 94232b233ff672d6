import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TRAIN = resolve(ROOT, '../shared/eval/train.jsonl');
const haveTrain = existsSync(TRAIN);
if (!haveTrain) console.warn(`[build:lm test] ${TRAIN} is missing: skipping the rebuild check`);

describe.skipIf(!haveTrain)('npm run build:lm', () => {
  it('rebuilds the committed language model and dictionary byte for byte', async () => {
    const out = await mkdtemp(join(tmpdir(), 'callshield-lm-test-'));
    try {
      await promisify(execFile)(
        resolve(ROOT, 'node_modules/.bin/tsx'),
        ['scripts/build-lm.ts', '--out-dir', out, '--no-eval'],
        { cwd: ROOT, timeout: 240_000 },
      );
      for (const file of ['callshield.lm.bin', 'callshield.dict']) {
        const built = await readFile(join(out, file));
        const committed = await readFile(resolve(ROOT, 'sidecar/models', file));
        expect(built.equals(committed), `${file} differs: run npm run build:lm`).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 300_000);
});

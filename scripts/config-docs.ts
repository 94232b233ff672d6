/**
 * `npm run config:docs`: writes docs/configuration.md and worker/config/env.d.ts from the
 * configuration schema and wrangler.toml. `-- --check` writes nothing and exits 1 when either
 * file differs from what the schema says (test/scripts/config-docs.test.ts does the same).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generatedFiles } from './config/generate';

const ROOT = resolve(import.meta.dirname, '..');

async function main(check: boolean): Promise<number> {
  let stale = 0;
  for (const [path, content] of Object.entries(generatedFiles())) {
    const current = await readFile(resolve(ROOT, path), 'utf8').catch(() => '');
    if (current === content) continue;
    if (check) {
      console.error(`${path} is out of date: run npm run config:docs`);
      stale++;
    } else {
      await writeFile(resolve(ROOT, path), content);
      console.log(`wrote ${path}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.includes('--check'));

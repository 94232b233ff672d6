/**
 * The README is the front door: short, and every page in docs/ reachable from it. Every
 * relative link in the README and in docs/ names a file that exists, so a moved or renamed
 * page cannot leave a dead link behind.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const README = resolve(ROOT, 'README.md');
const DOCS = resolve(ROOT, 'docs');

/** The relative link targets of a Markdown file, without their `#fragment`. */
function relativeLinks(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    targets.push(target.split('#')[0] ?? '');
  }
  return targets;
}

async function docPages(): Promise<string[]> {
  return (await readdir(DOCS)).filter((name) => name.endsWith('.md'));
}

describe('the README and docs/', () => {
  it('keeps the README under 250 lines', async () => {
    const lines = (await readFile(README, 'utf8')).split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });

  it('links every page in docs/ from the README', async () => {
    const linked = new Set(
      relativeLinks(await readFile(README, 'utf8')).map((target) => resolve(ROOT, target)),
    );
    const unlinked = (await docPages()).filter((page) => !linked.has(resolve(DOCS, page)));
    expect(unlinked).toEqual([]);
  });

  it('has no relative link to a missing file', async () => {
    const files = [README, ...(await docPages()).map((page) => resolve(DOCS, page))];
    const dead: string[] = [];
    for (const file of files) {
      for (const target of relativeLinks(await readFile(file, 'utf8'))) {
        if (!existsSync(resolve(dirname(file), target))) dead.push(`${file}: ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });
});

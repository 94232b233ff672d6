/**
 * Copies the API reference pages' bundles (Scalar for /docs, ReDoc for /redoc; the list is
 * worker/routes/docs/bundles.ts) from node_modules into the Worker's static assets, under the
 * git-ignored worker/public/vendor/. Never committed, so never out of step with the lockfile:
 * - `wrangler dev` and `wrangler deploy` run this first (`npm run build:assets`, wrangler.toml's
 *   `[build]`), which covers `npm start`, `npm run dev` and the e2e tests;
 * - vitest.config.ts runs it once per test run, for the workers project (miniflare serves the
 *   same assets but runs no custom build).
 *
 * Usage: npm run vendor:api-reference
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VENDORED_FILES, type VendoredFile } from '../worker/routes/docs/bundles';

const ROOT = resolve(import.meta.dirname, '..');
/** wrangler.toml's `[assets] directory`. */
const ASSETS = join(ROOT, 'worker/public');

/** What one run did to one file. */
export interface VendorResult {
  url: string;
  /** `copied` when the file was missing or different, `current` when it already matched. */
  status: 'copied' | 'current';
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function vendorOne(file: VendoredFile): Promise<VendorResult> {
  const from = join(ROOT, 'node_modules', file.package, file.source);
  const to = join(ASSETS, file.url);
  const wanted = await readOrNull(from);
  if (!wanted)
    throw new Error(
      `${file.package} is not installed (no ${from}): run \`npm ci\` — the API reference pages need it`,
    );
  const present = await readOrNull(to);
  // Unchanged files are left alone: wrangler dev reloads on any write to its assets.
  if (present?.equals(wanted)) return { url: file.url, status: 'current' };
  await mkdir(dirname(to), { recursive: true });
  // Written aside and renamed, so a server reading the folder never sees half a bundle, and
  // two runs at once (the test config and wrangler's build) don't interleave.
  const partial = `${to}.${randomBytes(6).toString('hex')}.partial`;
  await writeFile(partial, wanted);
  await rename(partial, to);
  return { url: file.url, status: 'copied' };
}

/** Copies every vendored file that is missing or different. Safe to run at any time, at once. */
export function vendorApiReference(): Promise<VendorResult[]> {
  return Promise.all(VENDORED_FILES.map(vendorOne));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const copied = (await vendorApiReference()).filter((r) => r.status === 'copied');
  console.log(
    copied.length > 0
      ? `API reference bundles copied into worker/public: ${copied.map((r) => r.url).join(', ')}`
      : 'API reference bundles up to date',
  );
}

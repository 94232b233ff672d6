/**
 * Builds the browser console (worker/console/*.ts) into the bundles the Worker serves as
 * static assets: worker/public/js/{app,workspace,recorder-worklet}.js, with source maps.
 * The output is not committed; it is rebuilt before anything serves it:
 * - `wrangler dev` and `wrangler deploy` run this first (`[build]` in wrangler.toml), which
 *   covers `npm start`, `npm run dev` and the e2e tests;
 * - vitest.config.ts runs it once per test run, for the workers project (miniflare serves the
 *   same assets but runs no custom build).
 *
 * One bundle per page and one for the AudioWorklet (it runs in a global scope of its own),
 * each self-contained. rolldown rather than wrangler's esbuild: it tree-shakes zod (which the
 * console runs, to check server messages against core/schemas) down to what is used.
 *
 * Usage: npm run build:console
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = resolve(ROOT, 'worker/console');
/** Where the pages load them from (`js/app.js` in index.html, `js/workspace.js` in analyses.html). */
export const CONSOLE_OUT = resolve(ROOT, 'worker/public/js');

/** Entry module → bundle name. recorder.ts loads the worklet from beside its own bundle. */
const ENTRIES = {
  app: 'app.ts',
  workspace: 'workspace/workspace.ts',
  'recorder-worklet': 'recorder-worklet.ts',
} as const;

/** Builds every bundle into CONSOLE_OUT, replacing what was there. */
export async function buildConsole(): Promise<void> {
  await rm(CONSOLE_OUT, { recursive: true, force: true });
  await Promise.all(
    Object.entries(ENTRIES).map(async ([name, entry]) => {
      const bundle = await rolldown({
        input: resolve(SOURCE, entry),
        platform: 'browser',
        // A warning here (an unresolved import, a circular one) is a bug to fix, not to skim.
        onLog: (level, log) => {
          throw new Error(`console bundle ${name}: ${level}: ${log.message}`);
        },
      });
      try {
        await bundle.write({
          file: resolve(CONSOLE_OUT, `${name}.js`),
          format: 'es',
          minify: true,
          sourcemap: true,
        });
      } finally {
        await bundle.close();
      }
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  await buildConsole();
  console.log(`console built into ${CONSOLE_OUT} in ${Date.now() - started} ms`);
}

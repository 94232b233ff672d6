/**
 * `npm test`: the whole suite as two vitest runs at once, the e2e project beside the others.
 *
 * Within one vitest run, a project whose files go one at a time (e2e: they share one stack and
 * take parts of it away) is held back until every other file has finished, and its files then
 * spend most of their time waiting on a real-time clock, a browser or the sidecar. Run beside
 * the node, db and workers projects instead, those waits overlap with their work. The two runs
 * share nothing: each has its own ports (test/supabase-ports.ts, receiver-ports.ts, the
 * `E2E_*` and `TEST_*` variables), temp folder and clean-up (test/run-setup.ts).
 *
 * With arguments it is plain `vitest run` with them (`npm test -- test/db/anon.test.ts`).
 * The console bundles and the API reference files are built once, here, before both start
 * (vitest.config.ts builds them itself otherwise, and two builds at once would race).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { buildConsole } from './build-console';
import { vendorApiReference } from './vendor-api-reference';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = resolve(ROOT, 'node_modules/.bin/vitest');
/** Set for the runs: vitest.config.ts then leaves the assets as built here. */
const ASSETS_BUILT = 'CALLSHIELD_TEST_ASSETS_BUILT';

const RUNS = [
  { label: 'e2e', args: ['--project', 'e2e'] },
  {
    label: 'node·db·workers',
    args: ['--project', 'node', '--project', 'db', '--project', 'workers'],
  },
] as const;

function run(
  args: readonly string[],
  label?: string,
): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(VITEST, ['run', ...args], {
    cwd: ROOT,
    env: { ...process.env, [ASSETS_BUILT]: '1' },
    stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (label) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      const out = stream === child.stdout ? process.stdout : process.stderr;
      createInterface({ input: stream }).on('line', (line) => out.write(`[${label}] ${line}\n`));
    }
  }
  const done = new Promise<number>((resolveDone) => {
    child.on('exit', (code, signal) => resolveDone(code ?? (signal ? 1 : 0)));
  });
  return { child, done };
}

const args = process.argv.slice(2);
await buildConsole();
await vendorApiReference();
const runs = args.length > 0 ? [run(args)] : RUNS.map((r) => run(r.args, r.label));

// Ctrl+C reaches every process of the group by itself; a SIGTERM or SIGHUP sent to this one
// alone, or the death of `npm test`, is passed on, and each run stops what it started.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    for (const { child } of runs) child.kill(signal);
  });
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  for (const { child } of runs) child.kill('SIGTERM');
}, 1_000).unref();

const codes = await Promise.all(runs.map((r) => r.done));
if (args.length === 0)
  RUNS.forEach((r, i) => {
    console.log(`${r.label}: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`);
  });
process.exit(codes.find((code) => code !== 0) ?? 0);

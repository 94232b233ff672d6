import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPortFree } from '../../scripts/stack/process';
import {
  type ProcessEntry,
  processesWithEnv,
  processTree,
  stillRunning,
} from '../fixtures/process-tree';
import type { SetupProject } from '../global-setups';

/**
 * A test run stopped halfway (Ctrl+C, or SIGTERM from a timeout or a CI wrapper) while a
 * project's stack runs: whatever its global setups started is stopped, its ports are free and
 * its temp folders are gone before it exits, so the next run starts normally. A run killed
 * outright (SIGKILL) can't do that itself: the reaper does it just after. The setups run in a
 * child process group (test/fixtures/global-setup-child.ts), as in vitest's main process.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = resolve(ROOT, 'test/fixtures/global-setup-child.ts');
/** Set in the run's environment, which its children inherit: it finds them wherever they went. */
const MARKER = 'CALLSHIELD_INTERRUPTED_RUN';
/** Every port the setups may take, from a base: see portEnv. */
const PORT_COUNT = 33;

/** The setups' port variables, moved to `base` … `base + PORT_COUNT - 1`, clear of the run's own. */
function portEnv(base: number): Record<string, string> {
  const ports = {
    E2E_PORT: base,
    E2E_SIDECAR_PORT: base + 1,
    E2E_SUPABASE_PORT: base + 2, // +0 … +3
    RECEIVER_PORT: base + 6, // +0 … +5
    TEST_SIDECAR_PORT: base + 12, // +0 … +3, and +5 (the fake-engine sidecar)
    TEST_S3_PORT: base + 16,
    TEST_SUPABASE_PORT: base + 18, // +0 … +12
    TEST_BUSY_POOL_PORT: base + 31, // +0 … +1
  };
  return Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
}

function rangeFrom(base: number): number[] {
  return Array.from({ length: PORT_COUNT }, (_, i) => base + i);
}

/** Of `ports`, those something listens on. */
async function takenPorts(ports: number[]): Promise<number[]> {
  const taken = await Promise.all(
    ports.map((port) =>
      assertPortFree(port).then(
        () => false,
        () => true,
      ),
    ),
  );
  return ports.filter((_, i) => taken[i]);
}

/** A base port with PORT_COUNT free ports above it, below the ephemeral range. */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 12_000 + Math.floor(Math.random() * 20_000);
    if ((await takenPorts(rangeFrom(base))).length === 0) return base;
  }
  throw new Error(`found no ${PORT_COUNT} free ports in a row`);
}

/** Resolves once the child prints `ready`; rejects if it exits first or after `timeoutMs`. */
function ready(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the setups were not ready within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the setups exited early (${signal ?? code}):\n${output()}`));
    });
  });
}

/** The child's exit code (or signal); rejects after `timeoutMs`. */
function exited(child: ChildProcess, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? child.signalCode ?? '');
      return;
    }
    const timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? '');
    });
  });
}

/**
 * Polls `done` every 100 ms until it holds or `timeoutMs` passes: for processes that are not
 * our children, whose end we get no event for.
 */
async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** SIGKILL to `pid` (a group when negative), which may have ended meanwhile. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** How the run is stopped. */
type Stop =
  /** Ctrl+C in a terminal: SIGINT to the whole process group. */
  | 'ctrl-c'
  /**
   * SIGTERM to the run's process alone, as a timeout or a CI wrapper sends it, while a stand-in
   * test worker runs, which that signal does not reach.
   */
  | 'sigterm'
  /** SIGKILL to the run's process: it can do nothing; the reaper must. */
  | 'sigkill'
  /** SIGKILL to the run's parent (`npm test` killed by a timeout leaves vitest running). */
  | 'parent-killed';

/**
 * Starts `project`'s global setups in a process group of their own, stops them as `stop` says,
 * and reports what is left of them once they have exited.
 */
async function stopRun(project: SetupProject, stop: Stop) {
  const base = await freePortBlock();
  const marker = randomUUID();
  const tmp = await mkdtemp(join(tmpdir(), 'callshield-interrupted-run-'));
  // As root, Postgres runs as the `postgres` user and reads its password file from TMPDIR.
  await chmod(tmp, 0o755);
  const run = [process.execPath, '--import', 'tsx/esm', CHILD, project];
  if (stop === 'sigterm') run.push('worker');
  // For `parent-killed`, a shell stands in for npm: the run is its child (`; exit` keeps the
  // shell from replacing itself with it).
  const [command = '', ...args] =
    stop === 'parent-killed' ? ['sh', '-c', '"$@"; exit $?', 'sh', ...run] : run;
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group, as `npm test` has in a terminal; TMPDIR shows what it leaves.
    detached: true,
    // TSX_DISABLE_CACHE: tsx would otherwise keep its compile cache in TMPDIR before the run
    // setup points TMPDIR into the run's own folder (vitest, which needs no tsx, makes none).
    env: {
      ...process.env,
      ...portEnv(base),
      TMPDIR: tmp,
      TSX_DISABLE_CACHE: '1',
      [MARKER]: marker,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { pid } = child;
  if (pid === undefined) throw new Error('the setups did not start');
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-6_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let tree: ProcessEntry[] = [];
  /** What still runs of it: its tree before the signal, and whatever inherited the marker. */
  const leftovers = () => {
    const found = stillRunning([...tree, ...processesWithEnv(MARKER, marker)]);
    return [...new Map(found.map((p) => [p.pid, p])).values()];
  };
  try {
    await ready(child, () => output, 240_000);
    tree = processTree(pid);
    if (stop === 'ctrl-c') process.kill(-pid, 'SIGINT');
    else process.kill(pid, stop === 'sigterm' ? 'SIGTERM' : 'SIGKILL');
    const status = await exited(child, 90_000);
    // Killed outright, the run stopped nothing itself: the reaper starts once it has gone. Its
    // parent killed, the run notices within a second, and is not our child to wait for.
    if (stop === 'sigkill' || stop === 'parent-killed')
      await waitFor(() => leftovers().length === 0, 30_000);
    return {
      status,
      started: tree.length,
      left: leftovers().map((p) => `${p.pid} ${p.command}`),
      takenPorts: await takenPorts(rangeFrom(base)),
      tempEntries: readdirSync(tmp),
    };
  } finally {
    // Whatever the run left (before the fix: PostgREST, the sidecar, wrangler …) is ours to end.
    if (child.exitCode === null && child.signalCode === null) killQuietly(-pid);
    for (const p of leftovers()) killQuietly(p.pid);
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Nothing left: no process, no port taken, nothing in its TMPDIR. */
const NOTHING_LEFT = { left: [], takenPorts: [], tempEntries: [] };

describe('a test run stopped while its stack runs', () => {
  it('stops every part of the e2e stack on Ctrl+C (SIGINT to its process group)', async () => {
    const result = await stopRun('e2e', 'ctrl-c');
    // Postgres and its workers, PostgREST, the sidecar, wrangler and workerd: it did start them.
    expect(result.started).toBeGreaterThan(5);
    expect(result).toMatchObject({ status: 130, ...NOTHING_LEFT });
  }, 360_000);

  it('stops the workers stack and its test workers on SIGTERM to the run alone', async () => {
    const result = await stopRun('workers', 'sigterm');
    expect(result.started).toBeGreaterThan(3);
    expect(result).toMatchObject({ status: 143, ...NOTHING_LEFT });
  }, 360_000);

  it('has the reaper stop every part of the db stack when the run is killed (SIGKILL)', async () => {
    const result = await stopRun('db', 'sigkill');
    // Postgres and its workers, PostgREST and the reaper.
    expect(result.started).toBeGreaterThan(3);
    expect(result).toMatchObject({ status: 'SIGKILL', ...NOTHING_LEFT });
  }, 360_000);

  it('stops every part of the db stack when the run outlives its parent (npm killed)', async () => {
    const result = await stopRun('db', 'parent-killed');
    expect(result.started).toBeGreaterThan(4);
    expect(result).toMatchObject({ status: 'SIGKILL', ...NOTHING_LEFT });
  }, 360_000);
});

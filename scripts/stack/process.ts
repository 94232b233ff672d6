import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describePortHolders } from './cleanup/port-holder';
import { groupRunning, processGroup } from './cleanup/reap';
import { reapLater } from './cleanup/reaper';

/** A child process of the local stack, with its recent output kept for error messages. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** How many characters of output have arrived so far (a mark for `waitForOutput`). */
  received: () => number;
  /**
   * Resolves once output that arrived after `since` (a `received()` mark) matches `pattern`;
   * rejects after `timeoutMs`. Lets a test await an event only the process's log shows.
   */
  waitForOutput: (pattern: RegExp, since: number, timeoutMs: number) => Promise<void>;
  stop: () => Promise<void>;
  /** Ends it and its children at once (SIGKILL), as a crash would; resolves once it is gone. */
  kill: () => Promise<void>;
}

const OUTPUT_LIMIT = 20_000;

/**
 * Starts a child in its own process group so `stop` can end it and everything it spawned
 * (wrangler starts workerd; the sidecar starts ffmpeg). The group is registered with the
 * reaper (cleanup/reaper.ts) until it is gone, so it stops even when this process dies first.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string>; echo?: boolean } = {},
): ManagedProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let buffer = '';
  let total = 0;
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    total += text.length;
    buffer = (buffer + text).slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener();
    if (options.echo) {
      for (const line of text.split('\n'))
        if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const release = child.pid === undefined ? () => undefined : reapLater(processGroup(child.pid));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      // The leader gone, a member may remain (workerd after wrangler): then the reaper keeps it.
      if (child.pid !== undefined && !groupRunning(child.pid)) release();
      resolve();
    }),
  );
  const signal = (name: NodeJS.Signals): boolean => {
    if (child.exitCode !== null || child.pid === undefined) return false;
    try {
      process.kill(-child.pid, name);
      return true;
    } catch {
      return false;
    }
  };
  return {
    name,
    child,
    output: () => buffer,
    received: () => total,
    waitForOutput: (pattern, since, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const unseen = buffer.slice(Math.max(0, buffer.length - (total - since)));
          if (!pattern.test(unseen)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} printed nothing matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (!signal('SIGTERM')) return;
      const killed = setTimeout(() => signal('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killed);
    },
    kill: async () => {
      if (signal('SIGKILL')) await exited;
    },
  };
}

/** Polls `url` until it answers 2xx, the process dies, or `timeoutMs` passes. */
export async function waitForHttp(
  url: string,
  proc: ManagedProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A process killed by a signal has no exit code, only the signal.
    const { exitCode, signalCode } = proc.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(
        `${proc.name} exited with ${signalCode ?? `code ${exitCode}`}:\n${proc.output().slice(-4_000)}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output().slice(-4_000)}`,
  );
}

/**
 * Fails when something already listens on `port`: otherwise a health check could be answered
 * by a stranger's server (another stack on the same ports) and the stack would seem up. The
 * message names the process that holds it, when /proc tells.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `port ${port} on ${host} is already in use${describePortHolders(port)}; stop it or choose another port`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Waits (up to `timeoutMs`) until nothing listens on `port`: a killed process group's last
 * member can hold its socket a moment after the group leader's exit.
 */
export async function waitForPortFree(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertPortFree(port);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

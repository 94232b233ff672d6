/**
 * Runs a child process with a hard kill on abort and bounded output. Every external tool the
 * sidecar uses (ffmpeg, pocketsphinx) goes through here, so the per-request timeout reliably
 * reaps them.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

/** What a finished child left behind. */
export interface ChildResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Raised when stdout exceeds `maxStdoutBytes` (the child is killed first). */
export class OutputLimitError extends Error {
  override name = 'OutputLimitError';
}

/**
 * Emits `spawn` with `{ pid, bin }` and `exit` with `{ pid, signal, code }` for every child,
 * so tests (and metrics) can observe work starting and being killed without polling.
 */
export const childEvents = new EventEmitter();
let running = 0;

/** Number of children currently alive. */
export function runningChildren(): number {
  return running;
}

const STDERR_KEEP = 4096;

/**
 * Spawns `bin args…`; rejects with the signal's reason when `signal` aborts (after SIGKILL),
 * or with {@link OutputLimitError}. Resolves with the exit code otherwise, even when non-zero.
 */
export function runChild(
  bin: string,
  args: readonly string[],
  options: { signal: AbortSignal; maxStdoutBytes: number },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(options.signal.reason);
      return;
    }
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running++;
    childEvents.emit('spawn', { pid: child.pid, bin });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: unknown = null;
    const kill = (reason: unknown): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => kill(options.signal.reason);
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxStdoutBytes) {
        kill(new OutputLimitError(`output exceeded ${options.maxStdoutBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep only the tail: the final lines carry the actual error.
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.on('error', (err) => {
      failure ??= err;
    });
    child.on('close', (code, sig) => {
      running--;
      options.signal.removeEventListener('abort', onAbort);
      childEvents.emit('exit', { pid: child.pid, signal: sig, code });
      if (failure !== null) reject(failure);
      else resolve({ stdout: Buffer.concat(chunks), stderr, code });
    });
  });
}

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** wrangler's command-line entry, run with this Node (the project's Node 22). */
export const WRANGLER_BIN = resolve(
  import.meta.dirname,
  '../../node_modules/wrangler/bin/wrangler.js',
);

/** What a command printed and how it ended. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs wrangler with `args`, capturing its output (no metrics, no interactive prompts). */
export function runWrangler(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      env: { WRANGLER_SEND_METRICS: 'false', CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs wrangler with `args` in this terminal; resolves with its exit code. */
export function runWranglerAttached(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      env: { WRANGLER_SEND_METRICS: 'false', ...env },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * Whether a Docker engine answers (`docker info`, or `WRANGLER_DOCKER_BIN`'s): wrangler needs
 * one to build the container image, even for a dry run.
 */
export function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(env.WRANGLER_DOCKER_BIN ?? 'docker', ['info'], {
      env,
      stdio: 'ignore',
      timeout: 15_000,
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

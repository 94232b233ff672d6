import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertPortFree } from '../../scripts/stack/process';

/**
 * A start that finds its port taken (often by a part of an earlier run that was killed) says
 * which process holds it, so the user can stop that one; nothing is killed by name.
 */

/** A child holding a port on 127.0.0.1 (as a stray PostgREST would); resolves with both. */
function portHolder(): Promise<{ pid: number; port: number; stop: () => void }> {
  // The comment leads, so that it is in the (shortened) command line the message shows.
  const script =
    "/* stray-port-holder */ require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })";
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
    child.stdout.once('data', (chunk: Buffer) => {
      if (child.pid === undefined) return reject(new Error('the holder did not start'));
      resolve({ pid: child.pid, port: Number(chunk.toString()), stop: () => child.kill() });
    });
  });
}

describe('assertPortFree', () => {
  // Read from Linux's /proc (the suite runs on Debian).
  it('names the pid and command line of the process that holds the port', async () => {
    const holder = await portHolder();
    try {
      const error = await assertPortFree(holder.port).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(
        `port ${holder.port} on 127.0.0.1 is already in use by pid ${holder.pid} (`,
      );
      expect((error as Error).message).toContain('stray-port-holder');
    } finally {
      holder.stop();
    }
  });
});

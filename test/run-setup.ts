import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapLater } from '../scripts/stack/cleanup/reaper';
import { stopWhenInterrupted } from '../scripts/stack/cleanup/signals';

/** The run's temp folder, once made (every project lists this setup; the first one makes it). */
const RUN_DIR = 'CALLSHIELD_TEST_RUN_DIR';

/**
 * The first global setup of every project (test/global-setups.ts), run in vitest's main
 * process, so that a test run leaves nothing behind however it ends:
 * - Ctrl+C, SIGTERM or SIGHUP (or the death of `npm test`, vitest's parent) first stops
 *   every process group and Postgres cluster the run started and the test workers, then lets
 *   vitest exit (scripts/stack/cleanup/); a run that dies outright is cleaned up by the reaper.
 * - Everything the run puts in the temp folder (the setups' Supabase folders, s3rver's, the
 *   sidecar's, miniflare's, the tests' own) goes into one folder of the run: TMPDIR points
 *   there for this process, the test workers and every child. It is removed as the run ends.
 */
export default function setup(): void {
  stopWhenInterrupted();
  if (process.env[RUN_DIR] !== undefined && process.env[RUN_DIR] === process.env.TMPDIR) return;
  const dir = mkdtempSync(join(tmpdir(), 'callshield-run-'));
  // As root, Postgres runs as the `postgres` user: it must be able to enter the folder.
  chmodSync(dir, 0o755);
  reapLater({ dir });
  process.env.TMPDIR = dir;
  process.env[RUN_DIR] = dir;
}

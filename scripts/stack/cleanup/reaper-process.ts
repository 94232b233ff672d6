/**
 * The reaper: a small process that outlives the one that started it (reaper.ts), for the
 * parts of the stack nothing else would stop when that process dies without its handlers
 * running (SIGKILL, an out-of-memory kill, a crash). PostgREST, the sidecar and wrangler run
 * in process groups of their own and Postgres is not a child of anything that would notice.
 *
 * It reads one JSON message a line on stdin (`ReaperMessage`): targets to watch and targets
 * released. At end-of-file, which the kernel delivers when the starter's end of the pipe
 * closes however it ended, it stops what is still registered, removes the folders, and exits.
 */
import { createInterface } from 'node:readline';
import type { ReapTarget } from './reap';
import { reapSync } from './reap';
import { ReaperMessage } from './reaper';

const targets = new Map<number, ReapTarget>();
const lines = createInterface({ input: process.stdin });

lines.on('line', (line) => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    json = undefined;
  }
  const message = ReaperMessage.safeParse(json);
  if (!message.success) {
    console.error(`reaper: ignored a message it does not understand: ${line.slice(0, 200)}`);
    return;
  }
  if ('add' in message.data) targets.set(message.data.add, message.data.target);
  else targets.delete(message.data.release);
});

lines.on('close', () => {
  const failed = reapSync([...targets.values()]);
  for (const what of failed) console.error(`reaper: could not stop or remove ${what}`);
  process.exit(failed.length ? 1 : 0);
});

import { int, variable } from '#core/config/variable';
import { section } from '../section';

/** The longest a job waits out a busy pool within one claim (its lease allows for this much). */
export const JOB_BUSY_WAIT_MAX_MS = 60_000;

/** Background analysis jobs: how they wait for a busy media pool (worker/jobs/busy.ts). */
export const jobs = section({
  title: 'Background jobs',
  about:
    'Uploaded calls are analysed in the background (worker/jobs/). A media pool that answers 503 `OVERLOADED` is backpressure, not a failure: a job waits it out and retries without spending one of its 5 attempts, for a bounded time.',
  variables: {
    JOB_BUSY_WAIT_MS: variable({
      doc: 'How long one run of a job waits (with back-off) for a busy media pool before handing the job back to the queue, its attempt given back.',
      schema: int(0, JOB_BUSY_WAIT_MAX_MS),
      default: String(JOB_BUSY_WAIT_MAX_MS),
    }),
    JOB_BUSY_GIVE_UP_MS: variable({
      doc: 'How old a job may grow while the pool stays busy: past this, a busy pool counts as a failed attempt like any other failure, so a job never waits forever (5 such attempts end it in `error`).',
      schema: int(0, 86_400_000),
      default: '3600000',
    }),
  },
  build: (v) => ({ busyWaitMs: v.JOB_BUSY_WAIT_MS, busyGiveUpMs: v.JOB_BUSY_GIVE_UP_MS }),
});

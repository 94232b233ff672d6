import type { Services } from '../services';
import { recoverJobs } from './db';
import { enqueueJob } from './enqueue';
import { JOB_MAX_ATTEMPTS, JOB_STALE_PENDING_S } from './failure';

/** At most this many jobs are recovered per sweep (the next minute takes the rest). */
const SWEEP_MAX_ROWS = 100;

/**
 * The safety net under the analysis-jobs queue, run every minute (the cron trigger): a job
 * whose worker died without its message coming back (an expired lease) and a pending job whose
 * message was lost are handed back to the queue; an expired job with no attempts left ends in
 * `error`. A job queued twice is harmless: only one delivery can claim it.
 */
export async function sweepJobs(services: Services): Promise<number> {
  const service = services.db?.service;
  if (!service) return 0;
  const jobs = await recoverJobs(service, {
    maxAttempts: JOB_MAX_ATTEMPTS,
    stalePendingSeconds: JOB_STALE_PENDING_S,
    maxRows: SWEEP_MAX_ROWS,
  });
  for (const job of jobs) {
    try {
      await enqueueJob(services.jobQueue, { analysis_id: job.id, organization_id: job.org });
    } catch (error) {
      // Still pending: the next sweep tries again once it is stale.
      services.logger.error('job_requeue_failed', { analysis_id: job.id, error });
    }
  }
  if (jobs.length > 0) services.logger.info('jobs_recovered', { count: jobs.length });
  return jobs.length;
}

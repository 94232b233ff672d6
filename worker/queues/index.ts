import { servicesFor } from '../services';
import { abandonAnalysisJobs, consumeAnalysisJobs } from './analysis-jobs';
import { deadLetterAnalyses, persistAnalyses } from './persist-analysis';
import { sweepJobs } from './sweep';

/** Queue names as wrangler.toml declares them (`[[queues.consumers]]`); keep the two in step. */
export const QUEUES = {
  analyses: 'callshield-analyses',
  analysesDeadLetter: 'callshield-analyses-dlq',
  jobs: 'callshield-jobs',
  jobsDeadLetter: 'callshield-jobs-dlq',
} as const;

/** The Worker's `queue` handler: one consumer per queue (worker/queues/). */
export async function handleQueue(batch: MessageBatch, env: Env): Promise<void> {
  const services = servicesFor(env);
  switch (batch.queue) {
    case QUEUES.analyses:
      return persistAnalyses(batch, services);
    case QUEUES.analysesDeadLetter:
      return deadLetterAnalyses(batch, services);
    case QUEUES.jobs:
      return consumeAnalysisJobs(batch, services);
    case QUEUES.jobsDeadLetter:
      return abandonAnalysisJobs(batch, services);
    default:
      services.logger.error('queue_unknown', { queue: batch.queue, count: batch.messages.length });
      batch.retryAll();
  }
}

/** The Worker's `scheduled` handler (the cron trigger in wrangler.toml): the job sweep. */
export async function handleScheduled(
  _controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  const services = servicesFor(env);
  ctx.waitUntil(
    sweepJobs(services).catch((error: unknown) =>
      services.logger.error('job_sweep_failed', { error }),
    ),
  );
}

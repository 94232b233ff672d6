import { abandonAnalysisJobs, consumeAnalysisJobs } from '../jobs/consumer';
import { sweepJobs } from '../jobs/sweep';
import { servicesFor } from '../services';
import { deadLetterAnalyses, persistAnalyses } from './persist-analysis';
import { consumeWebhookDeadLetters, consumeWebhooks, sweepWebhooks } from './webhooks';

/** Queue names as wrangler.toml declares them (`[[queues.consumers]]`); keep the two in step. */
export const QUEUES = {
  analyses: 'callshield-analyses',
  analysesDeadLetter: 'callshield-analyses-dlq',
  jobs: 'callshield-jobs',
  jobsDeadLetter: 'callshield-jobs-dlq',
  webhooks: 'callshield-webhooks',
  webhooksDeadLetter: 'callshield-webhooks-dlq',
} as const;

/**
 * The cron triggers as wrangler.toml declares them (`[triggers]`); keep the two in step. Jobs
 * are swept every minute (a lost job message delays an upload's result); overdue webhook
 * deliveries every 5 minutes.
 */
export const CRONS = {
  jobs: '* * * * *',
  webhooks: '*/5 * * * *',
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
    case QUEUES.webhooks:
      return consumeWebhooks(batch, services);
    case QUEUES.webhooksDeadLetter:
      return consumeWebhookDeadLetters(batch, services);
    default:
      services.logger.error('queue_unknown', { queue: batch.queue, count: batch.messages.length });
      batch.retryAll();
  }
}

/** The Worker's `scheduled` handler: the sweep its cron trigger names (see {@link CRONS}). */
export async function handleScheduled(
  controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  const services = servicesFor(env);
  switch (controller.cron) {
    case CRONS.jobs:
      ctx.waitUntil(
        sweepJobs(services).catch((error: unknown) =>
          services.logger.error('job_sweep_failed', { error }),
        ),
      );
      return;
    case CRONS.webhooks:
      ctx.waitUntil(
        sweepWebhooks(services).catch((error: unknown) =>
          services.logger.warn('webhook_sweep_failed', { error }),
        ),
      );
      return;
    default:
      services.logger.error('cron_unknown', { cron: controller.cron });
  }
}

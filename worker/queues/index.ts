import { servicesFor } from '../services';
import { deadLetterAnalyses, persistAnalyses } from './persist-analysis';
import { consumeWebhookDeadLetters, consumeWebhooks, sweepWebhooks } from './webhooks';

/** Queue names as wrangler.toml declares them (`[[queues.consumers]]`); keep the two in step. */
export const QUEUES = {
  analyses: 'callshield-analyses',
  analysesDeadLetter: 'callshield-analyses-dlq',
  webhooks: 'callshield-webhooks',
  webhooksDeadLetter: 'callshield-webhooks-dlq',
} as const;

/** The Worker's `queue` handler: one consumer per queue (worker/queues/). */
export async function handleQueue(batch: MessageBatch, env: Env): Promise<void> {
  const services = servicesFor(env);
  switch (batch.queue) {
    case QUEUES.analyses:
      return persistAnalyses(batch, services);
    case QUEUES.analysesDeadLetter:
      return deadLetterAnalyses(batch, services);
    case QUEUES.webhooks:
      return consumeWebhooks(batch, services);
    case QUEUES.webhooksDeadLetter:
      return consumeWebhookDeadLetters(batch, services);
    default:
      services.logger.error('queue_unknown', { queue: batch.queue, count: batch.messages.length });
      batch.retryAll();
  }
}

/** The Worker's `scheduled` handler (wrangler.toml `[triggers]`): the webhook sweeper. */
export async function handleScheduled(
  _controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  const services = servicesFor(env);
  ctx.waitUntil(
    sweepWebhooks(services).catch((error: unknown) =>
      services.logger.warn('webhook_sweep_failed', { error }),
    ),
  );
}

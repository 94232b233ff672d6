import { servicesFor } from '../services';
import { deadLetterAnalyses, persistAnalyses } from './persist-analysis';

/** Queue names as wrangler.toml declares them (`[[queues.consumers]]`); keep the two in step. */
export const QUEUES = {
  analyses: 'callshield-analyses',
  analysesDeadLetter: 'callshield-analyses-dlq',
} as const;

/** The Worker's `queue` handler: one consumer per queue (worker/queues/). */
export async function handleQueue(batch: MessageBatch, env: Env): Promise<void> {
  const services = servicesFor(env);
  switch (batch.queue) {
    case QUEUES.analyses:
      return persistAnalyses(batch, services);
    case QUEUES.analysesDeadLetter:
      return deadLetterAnalyses(batch, services);
    default:
      services.logger.error('queue_unknown', { queue: batch.queue, count: batch.messages.length });
      batch.retryAll();
  }
}

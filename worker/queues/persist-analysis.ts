import { insertAnalyses, type NewAnalysis, NewAnalysisSchema } from '../db/call-analyses';
import { DbError } from '../db/errors';
import type { Services } from '../services';
import { assignCampaign, finishedAnalysis } from '../services/campaign-assign';
import { deadLetter } from './dead-letter';

/**
 * The persist-analysis consumer: each message is a finished analysis (`NewAnalysis`), written
 * as a `call_analyses` row with the service role.
 * - Idempotent: the row id is the report's UUID and an existing row is left alone, so a
 *   redelivery writes nothing twice.
 * - While the database is unavailable every message is retried with exponential back-off
 *   (`retryDelaySeconds`); after `max_retries` (wrangler.toml) the queue moves it to the
 *   dead-letter queue, whose consumer keeps it in R2 and logs an error.
 * - A message the database refuses for good (bad shape, an organisation that no longer exists)
 *   is dead-lettered at once instead of being retried for hours.
 * - Once written (first time only), a text or audio report, or a live call's final row
 *   (stream, phone call), joins its campaign (services/campaign-assign.ts), one row after
 *   another so that two calls of a new script in one batch land in one campaign. A live call
 *   joins the campaign its messages named, if it matched one while it ran, and a report the
 *   labelled campaign it named (`campaign_id`, docs/campaigns.md).
 */

/** Seconds before retrying a message on its `attempts`-th failure: 2, 4, 8 … capped at 5 min. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}

interface Pending {
  message: Message;
  row: NewAnalysis;
}

/** Handles one batch of the analyses queue. */
export async function persistAnalyses(batch: MessageBatch, services: Services): Promise<void> {
  const { logger } = services;
  const pending: Pending[] = [];
  for (const message of batch.messages) {
    const parsed = NewAnalysisSchema.safeParse(message.body);
    if (parsed.success) pending.push({ message, row: parsed.data });
    else await giveUp(services, message, `not an analysis row: ${parsed.error.issues[0]?.message}`);
  }
  if (pending.length === 0) return;
  const db = services.db;
  if (!db) {
    logger.error('analysis_persist_no_database', { count: pending.length });
    for (const { message } of pending) retry(message);
    return;
  }
  try {
    const written = await insertAnalyses(
      db.service,
      pending.map((p) => p.row),
    );
    for (const { message } of pending) message.ack();
    logger.debug('analyses_persisted', { count: pending.length });
    await joinCampaigns(
      services,
      pending.map((p) => p.row).filter((r) => written.has(r.id)),
    );
    return;
  } catch (error) {
    if (!(error instanceof DbError) || error.retryable) {
      logger.warn('analysis_persist_retry', {
        count: pending.length,
        attempts: Math.max(...pending.map((p) => p.message.attempts)),
        error,
      });
      for (const { message } of pending) retry(message);
      return;
    }
  }
  // The batch was refused for good: write one by one so only the bad rows are dead-lettered.
  for (const { message, row } of pending) {
    try {
      const written = await insertAnalyses(db.service, [row]);
      message.ack();
      if (written.has(row.id)) await joinCampaigns(services, [row]);
    } catch (error) {
      if (!(error instanceof DbError) || error.retryable) retry(message);
      else await giveUp(services, message, `refused by the database (${error.kind} ${error.code})`);
    }
  }
}

/**
 * The sources whose rows join campaigns when first stored. A live call is counted here, at its
 * final row, and only here: the CallSession only looks campaigns up (read-only) while the call
 * runs, and the row is written once whatever the queue redelivers. Upload jobs join in their
 * consumer (worker/jobs/consumer.ts).
 */
const CAMPAIGN_SOURCES: ReadonlySet<NewAnalysis['source']> = new Set([
  'text',
  'audio',
  'stream',
  'twilio',
]);

/** Joins newly written reports to their campaigns; never throws (assignCampaign logs). */
async function joinCampaigns(services: Services, rows: NewAnalysis[]): Promise<void> {
  for (const row of rows) {
    if (!CAMPAIGN_SOURCES.has(row.source)) continue;
    await assignCampaign(services, finishedAnalysis(row));
  }
}

/** Handles one batch of the dead-letter queue: R2 + an error line each, then acknowledged. */
export async function deadLetterAnalyses(batch: MessageBatch, services: Services): Promise<void> {
  for (const message of batch.messages)
    await giveUp(services, message, 'retries exhausted while the database was unavailable');
}

function retry(message: Message): void {
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

async function giveUp(services: Services, message: Message, reason: string): Promise<void> {
  try {
    await deadLetter(services.storage.bucket, services.logger, message.body, reason);
    message.ack();
  } catch (error) {
    // R2 refused too: keep the message in the queue rather than lose it.
    services.logger.error('dead_letter_failed', { error });
    retry(message);
  }
}

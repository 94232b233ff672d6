import type { AnalysisRecord } from '../db/call-analyses';
import type { Services } from '../services';
import { analysisJobFinished } from '../services/analysis-events';
import { assignCampaign, finishedAnalysis } from '../services/campaign-assign';
import {
  abandonJob,
  claimJob,
  completeJob,
  deferJob,
  failJob,
  type JobClaim,
  jobState,
  releaseJob,
} from './db';
import { JobMessageSchema } from './enqueue';
import {
  ClaimLost,
  JOB_LEASE_S,
  JOB_MAX_ATTEMPTS,
  type JobFailure,
  jobFailureOf,
  jobRetryDelaySeconds,
  PoolBusy,
} from './failure';
import { runJob } from './run-job';

/**
 * The analysis-jobs consumer. A message names a job's row; the row is the truth:
 *
 * - The job is claimed atomically in the database before any work. A redelivered message,
 *   or a second message for the same job, finds it finished (acknowledged, nothing done) or
 *   owned by a live lease (retried once the lease is over), so a row is never processed twice.
 * - A busy media pool (503 OVERLOADED everywhere) is backpressure, not a failure: the job
 *   waits it out (busy.ts), and if the pool stays busy goes back to the queue with its attempt
 *   given back, until it is older than `JOB_BUSY_GIVE_UP_MS`.
 * - A retryable failure (sidecar down, storage or database away) hands the job back
 *   with its reason and retries the message with back-off (5 s, 10 s, 20 s, 40 s …). The row
 *   counts its attempts; the fifth failure ends it in `error`, never a loop.
 * - A final failure (not audio, empty, too long) ends it in `error` at once.
 * - If the worker dies mid-job, the lease runs out and the next delivery, or the sweep
 *   (sweep.ts), claims it again: nothing stays `processing`.
 * The jobs of a batch run side by side.
 */
export async function consumeAnalysisJobs(batch: MessageBatch, services: Services): Promise<void> {
  await Promise.all(batch.messages.map((message) => handle(message, services)));
}

/** The dead-letter queue: a job whose message failed every delivery ends in `error`. */
export async function abandonAnalysisJobs(batch: MessageBatch, services: Services): Promise<void> {
  for (const message of batch.messages) {
    const parsed = JobMessageSchema.safeParse(message.body);
    if (!parsed.success || !services.db) {
      services.logger.error('job_dead_letter_unusable', { reason: 'bad message or no database' });
      message.ack();
      continue;
    }
    try {
      const row = await abandonJob(
        services.db.service,
        parsed.data.analysis_id,
        'the analysis could not be run: its queue message failed every delivery; create it again',
      );
      if (row) await finished(services, row);
      message.ack();
    } catch (error) {
      services.logger.warn('job_dead_letter_retry', {
        analysis_id: parsed.data.analysis_id,
        error,
      });
      message.retry({ delaySeconds: jobRetryDelaySeconds(message.attempts) });
    }
  }
}

async function handle(message: Message, services: Services): Promise<void> {
  const { logger } = services;
  const parsed = JobMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    logger.error('job_message_invalid', { issue: parsed.error.issues[0]?.message });
    message.ack();
    return;
  }
  const ids = {
    analysis_id: parsed.data.analysis_id,
    organization_id: parsed.data.organization_id,
  };
  const service = services.db?.service;
  if (!service) {
    logger.error('job_no_database', ids);
    message.retry({ delaySeconds: jobRetryDelaySeconds(message.attempts) });
    return;
  }
  let claimed: AnalysisRecord | null;
  try {
    claimed = await claimJob(service, ids.analysis_id, {
      leaseSeconds: JOB_LEASE_S,
      maxAttempts: JOB_MAX_ATTEMPTS,
    });
    if (!claimed) return await notClaimed(message, services, ids);
  } catch (error) {
    logger.warn('job_claim_failed', { ...ids, error });
    message.retry({ delaySeconds: jobRetryDelaySeconds(message.attempts) });
    return;
  }
  if (claimed.status === 'error') {
    // Its attempts were spent by workers that died mid-job: the claim ended it.
    await finished(services, claimed);
    message.ack();
    return;
  }
  const claim: JobClaim = { id: claimed.id, attempts: claimed.attempts };
  logger.info('job_started', { ...ids, attempt: claim.attempts });
  try {
    const outcome = await runJob(claimed, claim, services);
    const done = await completeJob(service, claim, outcome);
    if (!done) logger.warn('job_claim_lost', { ...ids, attempt: claim.attempts });
    else {
      await finished(services, done);
      await joinCampaign(services, done);
    }
    message.ack();
  } catch (error) {
    if (error instanceof ClaimLost) {
      logger.warn('job_claim_lost', { ...ids, attempt: claim.attempts });
      message.ack();
      return;
    }
    await failed(message, services, claimed, claim, jobFailureOf(error));
  }
}

/** The job could not be claimed: finished or gone (nothing to do), or someone holds it. */
async function notClaimed(
  message: Message,
  services: Services,
  ids: { analysis_id: string; organization_id: string },
): Promise<void> {
  const state = await jobState(services.db!.service, ids.analysis_id);
  if (!state || state.status === 'completed' || state.status === 'error') {
    services.logger.info('job_already_done', { ...ids, status: state?.status ?? 'deleted' });
    message.ack();
    return;
  }
  // Owned by a live lease: look again when it runs out.
  const leaseLeftS = state.lease_expires_at
    ? Math.ceil((Date.parse(state.lease_expires_at) - Date.now()) / 1000)
    : 0;
  message.retry({ delaySeconds: Math.min(Math.max(leaseLeftS + 1, 1), JOB_LEASE_S) });
}

async function failed(
  message: Message,
  services: Services,
  job: AnalysisRecord,
  claim: JobClaim,
  failure: JobFailure,
): Promise<void> {
  const { logger } = services;
  const service = services.db!.service;
  const ids = { analysis_id: claim.id, code: failure.code, attempt: claim.attempts };
  const age = services.now() - Date.parse(job.created_at);
  if (failure instanceof PoolBusy && age < services.config.jobs.busyGiveUpMs) {
    await deferred(message, services, job, claim);
    return;
  }
  const retry = failure.retryable && claim.attempts < JOB_MAX_ATTEMPTS;
  logger.warn(retry ? 'job_retry' : 'job_failed', { ...ids, error: failure.cause });
  try {
    if (retry) {
      const reason = `attempt ${claim.attempts} of ${JOB_MAX_ATTEMPTS} failed (${failure.reason}); retrying`;
      await releaseJob(service, claim, reason);
      message.retry({ delaySeconds: jobRetryDelaySeconds(claim.attempts) });
      return;
    }
    const reason = failure.retryable
      ? `gave up after ${claim.attempts} attempts: ${failure.reason}`
      : failure.reason;
    const row = await failJob(service, claim, { code: failure.code, reason });
    if (row) await finished(services, row);
    message.ack();
  } catch (error) {
    // The database is away too: the lease runs out and the next delivery claims it again.
    logger.warn('job_release_failed', { ...ids, error });
    message.retry({ delaySeconds: jobRetryDelaySeconds(claim.attempts) });
  }
}

/**
 * The pool stayed busy for this run's whole wait: the job goes back with its attempt given
 * back, on a fresh message (a retried one would count towards the queue's `max_retries`, and
 * the dead-letter queue ends a job in `error`). Waiting is bounded by the job's age
 * (`JOB_BUSY_GIVE_UP_MS`), checked by the caller.
 */
async function deferred(
  message: Message,
  services: Services,
  job: AnalysisRecord,
  claim: JobClaim,
): Promise<void> {
  const { logger } = services;
  const ids = { analysis_id: claim.id, attempt: claim.attempts };
  const delaySeconds = BUSY_REQUEUE_S + Math.floor(Math.random() * BUSY_REQUEUE_S);
  logger.info('job_deferred_busy', { ...ids, delay_s: delaySeconds });
  try {
    const released = await deferJob(
      services.db!.service,
      claim,
      'the media service is busy; the analysis will continue when it has room',
    );
    if (!released) {
      logger.warn('job_claim_lost', ids);
      message.ack();
      return;
    }
    await services.jobQueue!.send(
      { analysis_id: job.id, organization_id: job.organization_id },
      { contentType: 'json', delaySeconds },
    );
    message.ack();
  } catch (error) {
    // The row may be pending already: the redelivery (or the sweep) picks it up.
    logger.warn('job_defer_failed', { ...ids, error });
    message.retry({ delaySeconds });
  }
}

/** A deferred job comes back after 10–20 s, spread so that waiting jobs don't return together. */
const BUSY_REQUEUE_S = 10;

/** A completed upload joins its campaign (never throws: assignCampaign logs its failures). */
async function joinCampaign(services: Services, row: AnalysisRecord): Promise<void> {
  const { verdict } = row;
  if (verdict === null) return;
  await assignCampaign(services, finishedAnalysis({ ...row, verdict }));
}

async function finished(services: Services, row: AnalysisRecord): Promise<void> {
  try {
    await analysisJobFinished(services, row);
  } catch (error) {
    services.logger.error('job_event_failed', { analysis_id: row.id, error });
  }
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  type ANALYSIS_STAGES,
  type AnalysisRecord,
  AnalysisRecordSchema,
  RECORD_COLUMNS,
  type TranscriptSegment,
} from '../db/call-analyses';
import { run } from '../db/client';

/**
 * Uploaded calls analysed in the background: a `call_analyses` row per job, driven through
 * pending → processing → completed | error by the analysis-jobs consumer.
 *
 * A job is owned by whoever claimed it last (`claim_analysis_job`, atomic in the database). The
 * claim's `attempts` number is the owner's token: every later write names it and the
 * `processing` status, so a worker that lost its lease (it was presumed dead and the job was
 * claimed again) can no longer change the row, and no row is ever processed twice to the end.
 */

/**
 * A job as it is created. No storage key: the job derives its audio's keys from the row's
 * organisation, id and file (worker/services/storage-keys.ts).
 */
export interface NewJob {
  id: string;
  organization_id: string;
  file_id: string;
  file_name: string;
  file_size: number;
  /** The file's entity tag now, so the job can tell the file it analyses is this one. */
  file_etag: string | null;
  metadata: Record<string, unknown>;
  /** Set for API-key callers (written with the service role); users are stamped by the database. */
  api_key_id: string | null;
}

/** Who owns a claimed job: its id and the claim's attempt number. */
export interface JobClaim {
  id: string;
  attempts: number;
}

const Rows = z.array(AnalysisRecordSchema);
const Ids = z.array(z.object({ id: z.uuid() }));

/** Creates the job's row (pending, stage queued) with the caller's client. */
export function insertJob(client: SupabaseClient, job: NewJob): Promise<AnalysisRecord> {
  const { api_key_id, ...row } = job;
  return run(
    client
      .from('call_analyses')
      .insert({
        ...row,
        ...(api_key_id ? { api_key_id } : {}),
        source: 'upload',
        status: 'pending',
      })
      .select(RECORD_COLUMNS)
      .single(),
    AnalysisRecordSchema,
  );
}

/**
 * Claims the job (service role): the row now processing under this claim, the row in `error`
 * when its attempts are spent, or null when it is not claimable (finished, gone, or owned by a
 * live lease).
 */
export async function claimJob(
  service: SupabaseClient,
  id: string,
  limits: { leaseSeconds: number; maxAttempts: number },
): Promise<AnalysisRecord | null> {
  const rows = await run(
    service.rpc('claim_analysis_job', {
      job_id: id,
      lease_seconds: limits.leaseSeconds,
      max_attempts: limits.maxAttempts,
    }),
    Rows,
  );
  return rows[0] ?? null;
}

const StateSchema = z
  .object({
    status: z.enum(['pending', 'processing', 'completed', 'error']),
    lease_expires_at: z.string().nullable(),
  })
  .nullable();

/** Where a job stands, for a message that could not claim it. */
export function jobState(service: SupabaseClient, id: string) {
  return run(
    service
      .from('call_analyses')
      .select('status, lease_expires_at')
      .eq('id', id)
      .eq('source', 'upload')
      .maybeSingle(),
    StateSchema,
  );
}

/** An update of the job that applies only while `claim` still owns it (same attempt, running). */
function updateOwned(service: SupabaseClient, claim: JobClaim, patch: Record<string, unknown>) {
  return service
    .from('call_analyses')
    .update(patch)
    .eq('id', claim.id)
    .eq('attempts', claim.attempts)
    .eq('status', 'processing');
}

/** Writes to the job as long as `claim` still owns it; false when it no longer does. */
async function whileOwned(
  service: SupabaseClient,
  claim: JobClaim,
  patch: Record<string, unknown>,
): Promise<boolean> {
  const rows = await run(updateOwned(service, claim, patch).select('id'), Ids);
  return rows.length > 0;
}

/** Ends the job with `patch` while `claim` still owns it; the row, or null when it no longer does. */
async function finishOwned(
  service: SupabaseClient,
  claim: JobClaim,
  patch: Record<string, unknown>,
): Promise<AnalysisRecord | null> {
  const rows = await run(
    updateOwned(service, claim, {
      ...patch,
      lease_expires_at: null,
      completed_at: new Date().toISOString(),
    }).select(RECORD_COLUMNS),
    Rows,
  );
  return rows[0] ?? null;
}

/** Records the stage the job has reached and its progress (0–100). */
export function advanceJob(
  service: SupabaseClient,
  claim: JobClaim,
  stage: (typeof ANALYSIS_STAGES)[number],
  progress: number,
): Promise<boolean> {
  return whileOwned(service, claim, { stage, progress });
}

/** What a finished job writes. */
export interface JobOutcome {
  transcript: string;
  segments: TranscriptSegment[];
  result: Record<string, unknown>;
  combined_score: number;
  verdict: string;
  engines: string[];
  review_required: boolean;
  review_reason: string | null;
  /** Where the original and the trimmed audio are: a record the server writes, never read back. */
  audio_key: string;
  trimmed_audio_key: string;
  metadata: Record<string, unknown>;
}

/** Completes the job; the finished row, or null when the claim was lost. */
export async function completeJob(
  service: SupabaseClient,
  claim: JobClaim,
  outcome: JobOutcome,
): Promise<AnalysisRecord | null> {
  return finishOwned(service, claim, {
    ...outcome,
    status: 'completed',
    stage: 'done',
    progress: 100,
    review_status: outcome.review_required ? 'pending' : 'none',
    error: null,
    error_code: null,
  });
}

/** Ends the job in `error` with a reason a person can act on (the stage it reached is kept). */
export async function failJob(
  service: SupabaseClient,
  claim: JobClaim,
  failure: { code: string; reason: string },
): Promise<AnalysisRecord | null> {
  return finishOwned(service, claim, {
    status: 'error',
    error: failure.reason,
    error_code: failure.code,
  });
}

/** Hands the job back (pending, queued) after a failure worth retrying; the reason is shown. */
export function releaseJob(service: SupabaseClient, claim: JobClaim, reason: string) {
  return whileOwned(service, claim, {
    status: 'pending',
    stage: 'queued',
    progress: 0,
    lease_expires_at: null,
    error: reason,
  });
}

/**
 * Hands the job back without spending the attempt it was on: the media pool was busy
 * (backpressure, busy.ts), which says nothing about the job. The claim's token goes back to the
 * previous attempt's; only this run, which stops here, held it.
 */
export function deferJob(service: SupabaseClient, claim: JobClaim, reason: string) {
  return whileOwned(service, claim, {
    status: 'pending',
    stage: 'queued',
    progress: 0,
    lease_expires_at: null,
    attempts: claim.attempts - 1,
    error: reason,
  });
}

/**
 * Ends a job whose queue message used up its retries: in `error`, unless it finished meanwhile
 * or a live lease says someone is still working on it. The row, or null when it was left alone.
 */
export async function abandonJob(
  service: SupabaseClient,
  id: string,
  reason: string,
): Promise<AnalysisRecord | null> {
  const rows = await run(
    service
      .from('call_analyses')
      .update({
        status: 'error',
        error: reason,
        error_code: 'RETRIES_EXHAUSTED',
        lease_expires_at: null,
        completed_at: new Date().toISOString(),
      })
      .eq('id', id)
      .eq('source', 'upload')
      // A processing job without a lease has no owner either (see claim_analysis_job).
      .or(
        `status.eq.pending,and(status.eq.processing,or(lease_expires_at.is.null,lease_expires_at.lt."${new Date().toISOString()}"))`,
      )
      .select(RECORD_COLUMNS),
    Rows,
  );
  return rows[0] ?? null;
}

const Recovered = z.array(z.object({ job_id: z.uuid(), job_organization_id: z.uuid() }));

/**
 * The sweep: expired leases go back to pending (or to error once their attempts are spent) and
 * pending jobs nobody picked up for `stalePendingSeconds` are touched. Returns the jobs to
 * queue again.
 */
export async function recoverJobs(
  service: SupabaseClient,
  limits: { maxAttempts: number; stalePendingSeconds: number; maxRows: number },
): Promise<{ id: string; org: string }[]> {
  const rows = await run(
    service.rpc('recover_analysis_jobs', {
      max_attempts: limits.maxAttempts,
      stale_pending_seconds: limits.stalePendingSeconds,
      max_rows: limits.maxRows,
    }),
    Recovered,
  );
  return rows.map((r) => ({ id: r.job_id, org: r.job_organization_id }));
}

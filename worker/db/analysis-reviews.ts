import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  type AnalysisRecord,
  AnalysisRecordSchema,
  RECORD_COLUMNS,
  REVIEW_OUTCOMES,
  REVIEW_STATUSES,
} from './call-analyses';
import { run } from './client';

/**
 * The review workflow on `call_analyses`, always written with the reviewer's own token:
 * row-level security and the review guard check every change again, and the database keeps
 * each one as an `analysis_reviews` record (who, when, what) through its trigger, so no path
 * can change a review without leaving a record.
 */

export const REVIEW_ACTIONS = [
  'flagged',
  'claimed',
  'assigned',
  'unassigned',
  'submitted',
  'reopened',
  'updated',
] as const;

export const ReviewRecordSchema = z
  .object({
    id: z.uuid(),
    analysis_id: z.uuid(),
    actor_id: z.uuid().nullable().meta({ description: 'Who made the change; null: the system.' }),
    action: z.enum(REVIEW_ACTIONS),
    review_status: z.enum(REVIEW_STATUSES),
    assigned_to: z.uuid().nullable(),
    outcome: z.enum(REVIEW_OUTCOMES).nullable(),
    notes: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'ReviewRecord' });
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

const Rows = z.array(AnalysisRecordSchema);

/** Why a review change did not happen, when the row exists. */
export type ReviewRefusal = 'not_found' | 'taken' | 'not_queued' | 'not_finished';

/** An update of one analysis of `org`; the row after it, or null when no row matched. */
async function updateOne(
  client: SupabaseClient,
  org: string,
  id: string,
  patch: Record<string, unknown>,
  narrow: (q: ReturnType<ReturnType<SupabaseClient['from']>['update']>) => typeof q = (q) => q,
): Promise<AnalysisRecord | null> {
  const query = narrow(
    client.from('call_analyses').update(patch).eq('organization_id', org).eq('id', id),
  );
  const rows = await run(query.select(RECORD_COLUMNS), Rows);
  return rows[0] ?? null;
}

/**
 * Takes a queued analysis for `reviewer` (in review, assigned to them): one that needs review,
 * isn't reviewed yet, and isn't someone else's. Atomic: two reviewers can't both get it.
 */
export function claimReview(
  client: SupabaseClient,
  org: string,
  id: string,
  reviewer: string,
): Promise<AnalysisRecord | null> {
  return updateOne(client, org, id, { assigned_to: reviewer, review_status: 'in_review' }, (q) =>
    q
      .eq('review_required', true)
      .in('review_status', ['pending', 'in_review'])
      .or(`assigned_to.is.null,assigned_to.eq.${reviewer}`),
  );
}

/** Assigns an analysis to a reviewer (null hands it back to the queue). */
export function assignReview(
  client: SupabaseClient,
  org: string,
  id: string,
  assignee: string | null,
): Promise<AnalysisRecord | null> {
  return updateOne(
    client,
    org,
    id,
    { assigned_to: assignee, review_status: assignee ? 'in_review' : 'pending' },
    (q) => q.eq('review_required', true).in('review_status', ['pending', 'in_review']),
  );
}

/**
 * Records a review's outcome on a finished analysis (the database stamps who and when).
 * `notes` left undefined keeps the notes there are; `extra` are more fields of the same change.
 */
export function submitReview(
  client: SupabaseClient,
  org: string,
  id: string,
  review: {
    outcome: (typeof REVIEW_OUTCOMES)[number];
    notes?: string | null;
    extra?: Record<string, unknown>;
  },
): Promise<AnalysisRecord | null> {
  const patch: Record<string, unknown> = {
    ...review.extra,
    review_outcome: review.outcome,
    review_status: 'completed',
  };
  if (review.notes !== undefined) patch.review_notes = review.notes;
  return updateOne(client, org, id, patch, (q) => q.eq('status', 'completed'));
}

/** Updates metadata and review fields as given (PATCH). */
export function updateAnalysis(
  client: SupabaseClient,
  org: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<AnalysisRecord | null> {
  return updateOne(client, org, id, patch);
}

/** Why a claim or assignment found no row to change, read after the fact. */
export function refusalOf(row: AnalysisRecord | null, reviewer?: string): ReviewRefusal {
  if (!row) return 'not_found';
  if (row.status !== 'completed') return 'not_finished';
  if (!row.review_required || row.review_status === 'completed') return 'not_queued';
  if (row.assigned_to && row.assigned_to !== reviewer) return 'taken';
  return 'not_queued';
}

/** Every change to an analysis's review, oldest first. */
export function reviewHistory(
  client: SupabaseClient,
  org: string,
  id: string,
): Promise<ReviewRecord[]> {
  return run(
    client
      .from('analysis_reviews')
      .select(Object.keys(ReviewRecordSchema.shape).join(', '))
      .eq('organization_id', org)
      .eq('analysis_id', id)
      .order('created_at', { ascending: true })
      .order('id', { ascending: true })
      .limit(1000),
    z.array(ReviewRecordSchema),
  );
}

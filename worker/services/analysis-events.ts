import { z } from 'zod';
import { type Signal, SignalSchema } from '#core/schemas/report';
import { reviewHistory } from '../db/analysis-reviews';
import type { AnalysisRecord } from '../db/call-analyses';
import { emitEvent } from '../webhooks/emit';
import type { Services } from '.';

/**
 * Where the workflow says something happened, and where its webhook events are raised. Each
 * event has exactly one call site:
 *
 * - `analysisJobFinished`: the analysis-jobs consumer, once a job's row is `completed` or
 *   `error` (worker/jobs/consumer.ts): `analysis.completed`, and for a completed row
 *   with `review_required`, which has just entered the review queue, `analysis.review_required`.
 * - `reviewSubmitted`: `POST /api/v1/analyses/{id}/reviews` (and a PATCH that records an
 *   outcome), once the outcome is stored (worker/routes/v1/reviews.ts): `review.submitted`.
 *
 * Events are deduplicated on the analysis (and for reviews, the time of the outcome), so a
 * redelivered job message or a retried request raises each once. `emitEvent` never throws or
 * waits on the database; these run after the work that called them.
 */

// The signals of a stored report (text and audio analyses), for the events' `signals`.
const ReportSignalsSchema = z.object({
  text_analysis: z.object({ signals: z.array(SignalSchema) }).nullish(),
  audio_analysis: z.object({ signals: z.array(SignalSchema) }).nullish(),
});

function signalsOf(record: AnalysisRecord): Signal[] {
  const report = ReportSignalsSchema.safeParse(record.result ?? {});
  if (!report.success) return [];
  return [
    ...(report.data.text_analysis?.signals ?? []),
    ...(report.data.audio_analysis?.signals ?? []),
  ];
}

/** A job's row reached `completed` or `error`. */
export async function analysisJobFinished(
  services: Services,
  record: AnalysisRecord,
): Promise<void> {
  services.logger.info('analysis_job_finished', {
    analysis_id: record.id,
    organization_id: record.organization_id,
    status: record.status,
    error_code: record.error_code,
    verdict: record.verdict,
    review_required: record.review_required,
    attempts: record.attempts,
  });
  if (record.status !== 'completed' && record.status !== 'error') return;
  const finishedAt = record.completed_at ?? new Date(services.now()).toISOString();
  const signals = signalsOf(record);
  await emitEvent(services, record.organization_id, {
    type: 'analysis.completed',
    dedupeKey: record.id,
    at: new Date(finishedAt),
    data: {
      analysis_id: record.id,
      source: record.source,
      status: record.status,
      verdict: record.verdict,
      combined_score: record.combined_score,
      review_required: record.review_required,
      review_reason: record.review_reason,
      signals,
      engines: record.engines,
      file_name: record.file_name,
      error: record.error,
      completed_at: finishedAt,
    },
  });
  if (
    record.status !== 'completed' ||
    !record.review_required ||
    record.verdict === null ||
    record.combined_score === null
  )
    return;
  await emitEvent(services, record.organization_id, {
    type: 'analysis.review_required',
    dedupeKey: record.id,
    at: new Date(finishedAt),
    data: {
      analysis_id: record.id,
      source: record.source,
      verdict: record.verdict,
      combined_score: record.combined_score,
      review_reason: record.review_reason,
      signals,
      assigned_to: record.assigned_to,
      flagged_at: finishedAt,
    },
  });
}

/** A reviewer recorded an outcome for an analysis. */
export async function reviewSubmitted(services: Services, record: AnalysisRecord): Promise<void> {
  services.logger.info('review_submitted', {
    analysis_id: record.id,
    organization_id: record.organization_id,
    outcome: record.review_outcome,
  });
  if (!record.review_outcome) return;
  const submittedAt = record.reviewed_at ?? new Date(services.now()).toISOString();
  await emitEvent(services, record.organization_id, {
    type: 'review.submitted',
    dedupeKey: `${record.id}\n${submittedAt}`,
    at: new Date(submittedAt),
    data: {
      analysis_id: record.id,
      review_id: await submittedRecordId(services, record),
      outcome: record.review_outcome,
      notes: record.review_notes,
      reviewer_id: record.reviewed_by,
      verdict: record.verdict,
      combined_score: record.combined_score,
      submitted_at: submittedAt,
    },
  });
}

/**
 * The review record of this submission (`GET …/reviews`), or null when it can't be read. The
 * record is written in the transaction that stamped `reviewed_at`, so its `created_at` is that
 * same instant; a later submission (read here after the fact) has another.
 */
async function submittedRecordId(
  services: Services,
  record: AnalysisRecord,
): Promise<string | null> {
  if (!services.db || !record.reviewed_at) return null;
  const at = Date.parse(record.reviewed_at);
  try {
    const history = await reviewHistory(services.db.service, record.organization_id, record.id);
    return (
      history.findLast((r) => r.action === 'submitted' && Date.parse(r.created_at) === at)?.id ??
      null
    );
  } catch (error) {
    services.logger.warn('review_record_unread', { analysis_id: record.id, error });
    return null;
  }
}

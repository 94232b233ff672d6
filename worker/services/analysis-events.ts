import type { AnalysisRecord } from '../db/call-analyses';
import type { Services } from '.';

/**
 * Where the workflow says something happened. Each event has exactly one call site, so an
 * outbound integration (webhooks) hooks in here and nowhere else:
 *
 * - `analysisJobFinished`: the analysis-jobs consumer, once a job's row is `completed` or
 *   `error` (worker/queues/analysis-jobs.ts). A completed row with `review_required` has
 *   also just entered the review queue.
 * - `reviewSubmitted`: `POST /api/v1/analyses/{id}/reviews` (and a PATCH that records an
 *   outcome), once the outcome is stored (worker/routes/v1/reviews.ts).
 *
 * Neither may throw or delay the work that called it for long: they log, and run after it.
 */

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
}

/** A reviewer recorded an outcome for an analysis. */
export async function reviewSubmitted(services: Services, record: AnalysisRecord): Promise<void> {
  services.logger.info('review_submitted', {
    analysis_id: record.id,
    organization_id: record.organization_id,
    outcome: record.review_outcome,
  });
}

import type { Logger } from '#core/log';
import { insertAnalyses, type NewAnalysis } from '../db/call-analyses';
import type { Database } from '../db/client';
import { deadLetter } from '../queues/dead-letter';

/**
 * Where finished analyses go to become `call_analyses` rows: the persist-analysis queue
 * (worker/queues/persist-analysis.ts), so answering never waits on the database and a
 * database outage only delays the rows. Used by the analysis routes (after the response,
 * through `waitUntil`) and by the CallSession when a stream ends.
 */
export interface AnalysisSink {
  /** Whether rows can be written at all (a database is configured). */
  readonly enabled: boolean;
  /**
   * Hands a row to the queue. If the queue refuses it, the row is written directly, and if
   * that fails too it is dead-lettered (R2 + error log). Never throws.
   */
  keep(row: NewAnalysis): Promise<void>;
}

/** The sink for a Worker's bindings; disabled (keeps nothing) without a database. */
export function analysisSinkFor(deps: {
  queue: Queue | undefined;
  db: Database | null;
  bucket: R2Bucket;
  logger: Logger;
}): AnalysisSink {
  const { queue, db, bucket, logger } = deps;
  return {
    enabled: db !== null && queue !== undefined,
    async keep(row) {
      if (!db || !queue) return;
      const ids = { analysis_id: row.id, organization_id: row.organization_id };
      try {
        await queue.send(row, { contentType: 'json' });
        return;
      } catch (error) {
        logger.warn('analysis_enqueue_failed', { ...ids, error });
      }
      try {
        await insertAnalyses(db.service, [row]);
      } catch (error) {
        await deadLetter(
          bucket,
          logger,
          row,
          `enqueue and direct write failed: ${String(error)}`,
        ).catch((lost: unknown) => logger.error('analysis_lost', { ...ids, error: lost }));
      }
    },
  };
}

import type { Context } from 'hono';
import type { ScamReport } from '#core/schemas/report';
import { inBackground } from '../background';
import type { AppEnv } from '../env';
import { reportRow } from '../services/analysis-rows';

/**
 * Keeps a report as a `call_analyses` row of the caller's organisation, after the response
 * has gone: the answer never waits on the queue or the database.
 */
export function keepReport(
  c: Context<AppEnv>,
  report: ScamReport,
  input: { transcript: string; fileName?: string },
): void {
  const { analyses } = c.var.services;
  const row = analyses.enabled ? reportRow(report, c.var.caller, input) : null;
  if (row) inBackground(c, analyses.keep(row));
}

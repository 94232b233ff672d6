import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { VerdictName } from '#core/thresholds';
import type { CallerHistory } from '#core/trust/caller-trust';
import { run } from './client';

/**
 * `caller_numbers`: the numbers that called an organisation, by keyed hash (never the number),
 * with their calls per verdict and reviewers' reports (docs/campaigns.md, "Caller trust").
 * Written through `record_caller_call()` here and `report_caller_number()` by the review
 * trigger; service role only. An organisation that opted in to the shared index also moves, and
 * reads the other organisations' share of, `shared_caller_numbers` (docs/campaigns.md, "Shared
 * caller counts"): the database does both, by a trigger and `caller_history()`.
 */

const count = z.number().int();
const shared = count.nullable();
const HistoryRowSchema = z.object({
  calls: count,
  calls_likely_scam: count,
  calls_scam: count,
  reported_scam: count,
  shared_calls: shared,
  shared_calls_likely_scam: shared,
  shared_calls_scam: shared,
  shared_reported_scam: shared,
});

/** The history of one number in `org`, with the shared counts it reads; null when nothing is known. */
export async function callerHistory(
  service: SupabaseClient,
  org: string,
  numberHash: string,
): Promise<CallerHistory | null> {
  const rows = await run(
    service.rpc('caller_history', { target_organization: org, caller_hash: numberHash }),
    z.array(HistoryRowSchema),
  );
  const row = rows[0];
  if (!row) return null;
  return {
    calls: row.calls,
    calls_likely_scam: row.calls_likely_scam,
    calls_scam: row.calls_scam,
    reported_scam: row.reported_scam,
    shared:
      row.shared_calls === null
        ? null
        : {
            calls: row.shared_calls,
            calls_likely_scam: row.shared_calls_likely_scam ?? 0,
            calls_scam: row.shared_calls_scam ?? 0,
            reported_scam: row.shared_reported_scam ?? 0,
          },
  };
}

/** Counts one finished call from a number, with its verdict. */
export async function recordCallerCall(
  service: SupabaseClient,
  call: { org: string; numberHash: string; verdict: VerdictName; at: string },
): Promise<void> {
  await run(
    service.rpc('record_caller_call', {
      target_organization: call.org,
      caller_hash: call.numberHash,
      call_verdict: call.verdict,
      called_at: call.at,
    }),
    z.unknown(),
  );
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { VerdictName } from '#core/thresholds';
import type { CallerHistory } from '#core/trust/caller-trust';
import { run } from './client';

/**
 * `caller_numbers`: the numbers that called an organisation, by keyed hash (never the number),
 * with their calls per verdict and reviewers' reports (docs/campaigns.md, "Caller trust").
 * Written through `record_caller_call()` here and `report_caller_number()` by the review
 * trigger; service role only.
 */

const HistorySchema = z.object({
  calls: z.number().int(),
  calls_likely_scam: z.number().int(),
  calls_scam: z.number().int(),
  reported_scam: z.number().int(),
});

/** The history of one number in `org`; null when it never called. */
export async function callerHistory(
  service: SupabaseClient,
  org: string,
  numberHash: string,
): Promise<CallerHistory | null> {
  const rows = await run(
    service
      .from('caller_numbers')
      .select('calls, calls_likely_scam, calls_scam, reported_scam')
      .eq('organization_id', org)
      .eq('number_hash', numberHash)
      .limit(1),
    z.array(HistorySchema),
  );
  return rows[0] ?? null;
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

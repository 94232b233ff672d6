import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { run } from './client';

/** An organisation's figures (`analysis_metrics` in the database) and its reviewed calls. */

export const METRIC_PERIODS = ['day', 'week', 'month'] as const;

const counts = z.record(z.string(), z.number().int().nonnegative());

const FiguresSchema = z.object({
  total: z.number().int().nonnegative(),
  by_status: counts,
  by_verdict: counts,
  by_source: counts,
  review: z.object({
    flagged: z.number().int().nonnegative(),
    awaiting: z.number().int().nonnegative(),
    reviewed: z.number().int().nonnegative(),
    outcomes: z.object({
      confirmed_scam: z.number().int().nonnegative(),
      false_positive: z.number().int().nonnegative(),
      inconclusive: z.number().int().nonnegative(),
    }),
    flags_confirmed_share: z.number().min(0).max(1).nullable().meta({
      description:
        'Of the flagged analyses that were reviewed, the share confirmed as scams (null: none reviewed).',
    }),
    time_to_review_s: z.object({
      median: z.number().nullable(),
      p90: z.number().nullable(),
      mean: z.number().nullable(),
    }),
  }),
});

export const MetricsSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    period: z.enum(METRIC_PERIODS),
    totals: FiguresSchema,
    periods: z.array(FiguresSchema.extend({ start: z.string() })),
  })
  .meta({ id: 'AnalysisMetrics' });
export type Metrics = z.infer<typeof MetricsSchema>;

/** The figures of `org` for analyses created in [since, until), overall and per period. */
export function analysisMetrics(
  client: SupabaseClient,
  org: string,
  range: { since: string; until: string; period: (typeof METRIC_PERIODS)[number] },
): Promise<Metrics> {
  return run(
    client.rpc('analysis_metrics', {
      target_organization: org,
      since: range.since,
      until: range.until,
      period: range.period,
    }),
    MetricsSchema,
  );
}

const ReviewedSchema = z.object({
  id: z.uuid(),
  source: z.string(),
  review_outcome: z.enum(['confirmed_scam', 'false_positive']),
  transcript: z.string(),
  reviewed_at: z.string(),
});
export type ReviewedCall = z.infer<typeof ReviewedSchema>;

/**
 * One page of `org`'s calls a reviewer labelled (confirmed scam or false positive) with a
 * transcript, in review order; `after` is the last page's final row.
 */
export function reviewedCalls(
  client: SupabaseClient,
  org: string,
  range: { since: string; until: string },
  page: { limit: number; after?: { reviewed_at: string; id: string } },
): Promise<ReviewedCall[]> {
  let query = client
    .from('call_analyses')
    .select('id, source, review_outcome, transcript, reviewed_at')
    .eq('organization_id', org)
    .in('review_outcome', ['confirmed_scam', 'false_positive'])
    .not('transcript', 'is', null)
    .neq('transcript', '')
    .gte('reviewed_at', range.since)
    .lt('reviewed_at', range.until);
  if (page.after) {
    const at = `"${page.after.reviewed_at}"`;
    query = query.or(`reviewed_at.gt.${at},and(reviewed_at.eq.${at},id.gt.${page.after.id})`);
  }
  return run(
    query
      .order('reviewed_at', { ascending: true })
      .order('id', { ascending: true })
      .limit(page.limit),
    z.array(ReviewedSchema),
  );
}

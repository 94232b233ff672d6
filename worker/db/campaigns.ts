import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  type Campaign,
  CampaignLabelSchema,
  type CampaignSettings,
  type CampaignSummary,
  type SharedCampaign,
} from '#core/schemas/campaigns';
import { VerdictSchema } from '#core/schemas/report';
import { run } from './client';
import { decodeCursor, keysetPage, rowsToRead } from './pagination';

/**
 * `campaigns` and `campaign_hourly_counts` (migrations/20261212000000_campaigns.sql): an
 * organisation's campaigns by recent volume, one campaign with its activity, a reviewer's
 * label, and the organisation's campaign settings. Recording calls is the service role's
 * (`record_campaign_call`), not a route's.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const CampaignRowSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  first_seen: z.string(),
  last_seen: z.string(),
  calls_total: z.number().int(),
  calls_safe: z.number().int(),
  calls_suspicious: z.number().int(),
  calls_likely_scam: z.number().int(),
  calls_scam: z.number().int(),
  label: CampaignLabelSchema.nullable(),
  labeled_by: z.uuid().nullable(),
  labeled_at: z.string().nullable(),
  example_analysis_ids: z.array(z.uuid()),
});
type CampaignRow = z.infer<typeof CampaignRowSchema>;
const CAMPAIGN_COLUMNS = Object.keys(CampaignRowSchema.shape).join(', ');

/** The start of the UTC hour `t` (ms) is in. */
const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
const iso = (t: number) => new Date(t).toISOString();

function summaryOf(row: CampaignRow, calls24h: number): CampaignSummary {
  return {
    id: row.id,
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    calls_total: row.calls_total,
    calls_24h: calls24h,
    verdicts: {
      SAFE: row.calls_safe,
      SUSPICIOUS: row.calls_suspicious,
      LIKELY_SCAM: row.calls_likely_scam,
      SCAM: row.calls_scam,
    },
    label: row.label,
    labeled_by: row.labeled_by,
    labeled_at: row.labeled_at,
  };
}

/** The list's filters, every one optional. */
export interface CampaignFilters {
  /** A label, or `none` for unlabelled campaigns. */
  label?: 'scam' | 'legitimate' | 'none';
  /** Seen (a call recorded) at or after this instant. */
  since?: string;
  /** At least this many calls in all. */
  min_calls?: number;
}

/**
 * Where a page ended: the instant the first page was asked at (every page ranks by the same
 * window, so a page never shifts) and the last row's recent calls and id.
 */
const CursorSchema = z.object({ at: z.iso.datetime(), c: z.number().int().min(0), id: z.uuid() });

/** One page of `org`'s campaigns, most calls in the last 24 whole hours first, then by id. */
export async function listCampaigns(
  client: SupabaseClient,
  org: string,
  filters: CampaignFilters,
  page: { limit: number; cursor?: string; now: number },
): Promise<{ items: CampaignSummary[]; next_cursor: string | null }> {
  const cursor = page.cursor ? decodeCursor(page.cursor, CursorSchema) : null;
  const asOf = cursor?.at ?? iso(page.now);
  const rows = await run(
    client.rpc('list_campaigns', {
      target_organization: org,
      as_of: asOf,
      max_rows: rowsToRead(page.limit),
      label_filter: filters.label ?? null,
      seen_since: filters.since ?? null,
      min_calls: filters.min_calls ?? null,
      after_calls: cursor?.c ?? null,
      after_id: cursor?.id ?? null,
    }),
    z.array(z.object({ campaign: CampaignRowSchema, calls_24h: z.number().int() })),
  );
  const found = keysetPage(rows, page.limit, (last) => ({
    at: asOf,
    c: last.calls_24h,
    id: last.campaign.id,
  }));
  return {
    items: found.items.map((r) => summaryOf(r.campaign, r.calls_24h)),
    next_cursor: found.next_cursor,
  };
}

const HourRowSchema = z.object({ hour: z.string(), calls: z.number().int() });
const ExampleRowSchema = z.object({
  id: z.uuid(),
  verdict: VerdictSchema.nullable(),
  combined_score: z.number().nullable(),
  created_at: z.string(),
});

/** Calls per hour over the last 24 hours and per UTC day over the last 7, oldest first. */
function activity(hours: z.infer<typeof HourRowSchema>[], now: number) {
  const byHour = new Map<number, number>();
  for (const h of hours) {
    const t = hourOf(Date.parse(h.hour));
    byHour.set(t, (byHour.get(t) ?? 0) + h.calls);
  }
  const thisHour = hourOf(now);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const perHour = Array.from({ length: 24 }, (_, i) => {
    const start = thisHour - (23 - i) * HOUR_MS;
    return { start: iso(start), calls: byHour.get(start) ?? 0 };
  });
  const perDay = Array.from({ length: 7 }, (_, i) => {
    const start = today - (6 - i) * DAY_MS;
    let calls = 0;
    for (const [t, n] of byHour) if (t >= start && t < start + DAY_MS) calls += n;
    return { start: iso(start), calls };
  });
  // The list's sort key: the 24 whole hours before the current one.
  let calls24h = 0;
  for (const [t, n] of byHour) if (t >= thisHour - DAY_MS && t < thisHour) calls24h += n;
  return { perHour, perDay, calls24h };
}

/**
 * One campaign of `org` with its activity and examples, or null (also for another org's id).
 * `shared` is null here: the shared index is the service role's (services/shared-campaigns.ts).
 */
export async function getCampaign(
  client: SupabaseClient,
  org: string,
  id: string,
  now: number,
): Promise<Campaign | null> {
  const row = await run(
    client
      .from('campaigns')
      .select(CAMPAIGN_COLUMNS)
      .eq('organization_id', org)
      .eq('id', id)
      .maybeSingle(),
    CampaignRowSchema.nullable(),
  );
  if (!row) return null;
  // A week of hours covers both the per-day figures and the 24 hours before the current one.
  const since = Math.min(Math.floor(now / DAY_MS) * DAY_MS - 6 * DAY_MS, hourOf(now) - DAY_MS);
  const [hours, examples] = await Promise.all([
    run(
      client
        .from('campaign_hourly_counts')
        .select('hour, calls')
        .eq('organization_id', org)
        .eq('campaign_id', id)
        .gte('hour', iso(since))
        .order('hour'),
      z.array(HourRowSchema),
    ),
    row.example_analysis_ids.length === 0
      ? Promise.resolve([])
      : run(
          client
            .from('call_analyses')
            .select('id, verdict, combined_score, created_at')
            .eq('organization_id', org)
            .in('id', row.example_analysis_ids)
            .order('created_at'),
          z.array(ExampleRowSchema),
        ),
  ]);
  const { perHour, perDay, calls24h } = activity(hours, now);
  return {
    ...summaryOf(row, calls24h),
    calls_per_hour: perHour,
    calls_per_day: perDay,
    examples,
    shared: null,
  };
}

/**
 * Sets (or, with null, clears) a campaign's label as the caller (`label_campaign`: reviewers
 * and above). A campaign the caller cannot see throws DbError `not_found`.
 */
export async function labelCampaign(
  client: SupabaseClient,
  org: string,
  id: string,
  label: 'scam' | 'legitimate' | null,
): Promise<void> {
  await run(
    client.rpc('label_campaign', {
      target_organization: org,
      target_campaign: id,
      new_label: label,
    }),
    z.object({ id: z.uuid() }),
  );
}

const SettingsRowSchema = z.object({
  shared_campaign_index: z.boolean(),
  campaign_alert_calls_per_day: z.number().int().nullable(),
});

const settingsOf = (row: z.infer<typeof SettingsRowSchema>): CampaignSettings => ({
  shared_index: row.shared_campaign_index,
  detection_calls_per_day: row.campaign_alert_calls_per_day,
});

/** The organisation's campaign settings; the defaults when it has no row (an open org). */
export async function campaignSettingsOf(
  client: SupabaseClient,
  org: string,
): Promise<CampaignSettings> {
  const row = await run(
    client
      .from('organizations')
      .select('shared_campaign_index, campaign_alert_calls_per_day')
      .eq('id', org)
      .maybeSingle(),
    SettingsRowSchema.nullable(),
  );
  return row ? settingsOf(row) : { shared_index: false, detection_calls_per_day: null };
}

/** Sets the organisation's campaign settings (admins). False: not allowed, or no such org. */
export async function setCampaignSettings(
  user: SupabaseClient,
  org: string,
  settings: CampaignSettings,
): Promise<boolean> {
  const rows = await run(
    user
      .from('organizations')
      .update({
        shared_campaign_index: settings.shared_index,
        campaign_alert_calls_per_day: settings.detection_calls_per_day,
      })
      .eq('id', org)
      .select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows.length > 0;
}

/** One analysed call as the scoring path records it (service role). */
export interface CampaignCall {
  org: string;
  verdict: z.infer<typeof VerdictSchema>;
  /** ISO instant of the call. */
  at: string;
  /** The call's own fingerprint and band keys (see core/schemas/campaigns.ts). */
  fingerprint: string;
  bands: string[];
  /** The campaign it matched; absent: the call starts a new one. */
  campaign?: string;
  /** The analysis row, when there is one: it gets the fingerprint and campaign id. */
  analysis?: string;
}

/**
 * Records one call in a campaign in one transaction (`record_campaign_call`): counts, the
 * hour's count, first/last seen and examples. Returns the campaign's id. A campaign of another
 * organisation throws DbError `not_found`.
 */
export async function recordCampaignCall(service: SupabaseClient, call: CampaignCall) {
  return (await recordCampaignCallRow(service, call)).id;
}

/** What recording a call left a campaign with (for the `campaign.detected` event). */
export type RecordedCampaign = Omit<CampaignSummary, 'calls_24h'>;

/** {@link recordCampaignCall}, returning the campaign as the call left it. */
export async function recordCampaignCallRow(
  service: SupabaseClient,
  call: CampaignCall,
): Promise<RecordedCampaign> {
  const row = await run(
    service.rpc('record_campaign_call', {
      target_organization: call.org,
      call_verdict: call.verdict,
      called_at: call.at,
      call_fingerprint: call.fingerprint,
      call_bands: call.bands,
      target_campaign: call.campaign ?? null,
      analysis: call.analysis ?? null,
    }),
    CampaignRowSchema,
  );
  const { calls_24h: _, ...recorded } = summaryOf(row, 0);
  return recorded;
}

/**
 * Calls of a campaign in the UTC hour of `at` and the 23 hours before it: the rolling day
 * `campaign.detected` compares with the organisation's level (the call just recorded counts).
 */
export async function campaignCallsLastDay(
  service: SupabaseClient,
  org: string,
  campaign: string,
  at: string,
): Promise<number> {
  const since = hourOf(Date.parse(at)) - 23 * HOUR_MS;
  const hours = await run(
    service
      .from('campaign_hourly_counts')
      .select('calls')
      .eq('organization_id', org)
      .eq('campaign_id', campaign)
      .gte('hour', iso(since)),
    z.array(z.object({ calls: z.number().int() })),
  );
  return hours.reduce((sum, h) => sum + h.calls, 0);
}

const CandidateSchema = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  label: CampaignLabelSchema.nullable(),
});

/** The organisation's campaigns that share at least one band key with a call: the candidates. */
export function campaignCandidates(
  client: SupabaseClient,
  org: string,
  bands: string[],
  limit = 50,
): Promise<z.infer<typeof CandidateSchema>[]> {
  return run(
    client
      .from('campaigns')
      .select('id, fingerprint, label')
      .eq('organization_id', org)
      .overlaps('bands', bands)
      .order('last_seen', { ascending: false })
      .limit(limit),
    z.array(CandidateSchema),
  );
}

/** The fingerprint a campaign of `org` keeps (its first call's), or null when there is none. */
export async function campaignFingerprint(
  service: SupabaseClient,
  org: string,
  id: string,
): Promise<string | null> {
  const row = await run(
    service
      .from('campaigns')
      .select('fingerprint')
      .eq('organization_id', org)
      .eq('id', id)
      .maybeSingle(),
    z.object({ fingerprint: z.string() }).nullable(),
  );
  return row?.fingerprint ?? null;
}

const SharedRowSchema = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  calls_total: z.number().int(),
  calls_safe: z.number().int(),
  calls_suspicious: z.number().int(),
  calls_likely_scam: z.number().int(),
  calls_scam: z.number().int(),
});
export type SharedRow = z.infer<typeof SharedRowSchema>;
const SHARED_COLUMNS = Object.keys(SharedRowSchema.shape).join(', ');

/** A shared entry's counts as the API shows them (no id, no fingerprint). */
export function sharedCountsOf(row: SharedRow, similarity: number): SharedCampaign {
  return {
    calls_total: row.calls_total,
    verdicts: {
      SAFE: row.calls_safe,
      SUSPICIOUS: row.calls_suspicious,
      LIKELY_SCAM: row.calls_likely_scam,
      SCAM: row.calls_scam,
    },
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    similarity,
  };
}

/** Entries of the shared index sharing a band key with a call, most recently seen first. */
export function sharedCandidates(
  service: SupabaseClient,
  bands: string[],
  limit = 50,
): Promise<SharedRow[]> {
  return run(
    service
      .from('shared_campaigns')
      .select(SHARED_COLUMNS)
      .overlaps('bands', bands)
      .order('last_seen', { ascending: false })
      .limit(limit),
    z.array(SharedRowSchema),
  );
}

/**
 * Records a call in the shared index (`record_shared_campaign_call`): into `entry`, or a new
 * entry from the fingerprint. The function records nothing for an organisation that did not
 * opt in (null then); the organisation's id is checked there, never stored.
 */
export async function recordSharedCampaignCall(
  service: SupabaseClient,
  call: Omit<CampaignCall, 'campaign' | 'analysis'> & { entry?: string },
): Promise<string | null> {
  const rows = await run(
    service.rpc('record_shared_campaign_call', {
      source_organization: call.org,
      call_verdict: call.verdict,
      called_at: call.at,
      call_fingerprint: call.fingerprint,
      call_bands: call.bands,
      target_shared: call.entry ?? null,
    }),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows[0]?.id ?? null;
}

import { MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  bands,
  type Fingerprint,
  fingerprint,
  fingerprintFromBase64,
  fingerprintToBase64,
  similarity,
} from '#core/campaigns/fingerprint';
import type { CampaignSettings } from '#core/schemas/campaigns';
import type { Verdict } from '#core/schemas/report';
import {
  campaignCallsLastDay,
  campaignCandidates,
  campaignSettingsOf,
  type RecordedCampaign,
  recordCampaignCallRow,
} from '../db/campaigns';
import { emitEvent } from '../webhooks/emit';
import type { Services } from '.';
import { isDatabaseOrg } from './auth/caller';
import { recordSharedCall } from './shared-campaigns';

/**
 * Joins a finished analysis to its organisation's campaign (docs/campaigns.md): fingerprint the
 * transcript, score the campaigns that share an LSH band key with it, join the most similar at
 * or above MATCH_THRESHOLD or start a new one, and record the call, which stamps the analysis
 * with its `campaign_id` and fingerprint. When that call takes the campaign's last-day volume to
 * the organisation's level, `campaign.detected` is raised. An organisation that opted in also
 * counts the call in the shared index (shared-campaigns.ts).
 *
 * The analysis is already stored when this runs: every failure is logged and swallowed, so a
 * campaign problem never fails or loses an analysis.
 */

/** A stored analysis with its final verdict, as campaigns need it. */
export interface FinishedAnalysis {
  org: string;
  /** The `call_analyses` row id. */
  id: string;
  transcript: string | null;
  verdict: Verdict;
  /** ISO instant of the call. */
  at: string;
  /**
   * The labelled campaign the call's answer named (its result's `campaign_id`: a live call's
   * match while it ran, a report's match when it was scored): joined as it is, so the row
   * lands where the answer said, whatever its transcript's fingerprint is most similar to.
   */
  campaign?: string;
}

/** A stored row's fields as campaigns need them (a queued report's or a finished job's). */
export function finishedAnalysis(row: {
  organization_id: string;
  id: string;
  transcript: string | null;
  verdict: Verdict;
  created_at: string;
  result?: unknown;
}): FinishedAnalysis {
  const named = namedCampaign(row.result);
  return {
    org: row.organization_id,
    id: row.id,
    transcript: row.transcript,
    verdict: row.verdict,
    at: row.created_at,
    ...(named ? { campaign: named } : {}),
  };
}

/** The campaign a stored answer names (`campaign_id`), if it names one. */
function namedCampaign(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('campaign_id' in result)) return;
  const id = result.campaign_id;
  return typeof id === 'string' ? id : undefined;
}

/** The campaign an analysis joined. */
export interface CampaignAssignment {
  campaign: string;
  /** True when the call started the campaign. */
  created: boolean;
  /** Best estimated similarity to a candidate (0 when there was none). */
  similarity: number;
  /** Whether this call raised `campaign.detected`. */
  detected: boolean;
}

/**
 * Assigns `analysis` to a campaign. Null when it joins none: no database, not a database
 * organisation, a transcript too short to hold one shingle (an empty fingerprint has no band
 * keys), or a failure (logged).
 */
export async function assignCampaign(
  services: Services,
  analysis: FinishedAnalysis,
): Promise<CampaignAssignment | null> {
  const { db, logger } = services;
  if (!db || !isDatabaseOrg(analysis.org)) return null;
  const fp = fingerprint(analysis.transcript ?? '');
  const keys = bands(fp);
  if (keys.length === 0) return null;
  const ids = { analysis_id: analysis.id, organization_id: analysis.org };
  try {
    const candidates = await campaignCandidates(db.service, analysis.org, keys);
    const best = bestOf(fp, candidates);
    const joined = analysis.campaign
      ? { id: analysis.campaign }
      : best && best.similarity >= MATCH_THRESHOLD
        ? best
        : null;
    const campaign = await recordCampaignCallRow(db.service, {
      org: analysis.org,
      verdict: analysis.verdict,
      at: analysis.at,
      fingerprint: fingerprintToBase64(fp),
      bands: keys,
      campaign: joined?.id,
      analysis: analysis.id,
    });
    const assignment = {
      campaign: campaign.id,
      created: joined === null,
      similarity: best?.similarity ?? 0,
    };
    logger.info('campaign_assigned', {
      ...ids,
      campaign_id: campaign.id,
      created: assignment.created,
      similarity: assignment.similarity,
      candidates: candidates.length,
    });
    const settings = await campaignSettingsOf(db.service, analysis.org);
    await shareCall(services, analysis, fp, settings);
    return { ...assignment, detected: await detect(services, analysis, campaign, settings) };
  } catch (error) {
    logger.warn('campaign_assign_failed', { ...ids, error });
    return null;
  }
}

/**
 * Counts the call in the index shared across organisations when its organisation opted in
 * (shared-campaigns.ts). A failure is logged as `shared_campaign_failed` and changes nothing
 * else: the organisation's own campaign already has the call.
 */
async function shareCall(
  services: Services,
  analysis: FinishedAnalysis,
  fp: Fingerprint,
  settings: CampaignSettings,
): Promise<void> {
  if (!settings.shared_index) return;
  try {
    await recordSharedCall(services, {
      org: analysis.org,
      fingerprint: fp,
      verdict: analysis.verdict,
      at: analysis.at,
    });
  } catch (error) {
    services.logger.warn('shared_campaign_failed', {
      analysis_id: analysis.id,
      organization_id: analysis.org,
      error,
    });
  }
}

/** The candidate most similar to `fp`; one whose stored fingerprint doesn't parse is skipped. */
function bestOf(
  fp: Fingerprint,
  candidates: { id: string; fingerprint: string }[],
): { id: string; similarity: number } | null {
  let best: { id: string; similarity: number } | null = null;
  for (const c of candidates) {
    let stored: Fingerprint;
    try {
      stored = fingerprintFromBase64(c.fingerprint);
    } catch {
      continue;
    }
    const s = similarity(fp, stored);
    if (!best || s > best.similarity) best = { id: c.id, similarity: s };
  }
  return best;
}

/**
 * Raises `campaign.detected` when this call brought the campaign's calls in the last day exactly
 * to the organisation's level (the first call at it). The event id is derived from the campaign
 * and the call's UTC day, so it goes out once per campaign per day even if the rolling count
 * drops under the level and reaches it again.
 */
async function detect(
  services: Services,
  analysis: FinishedAnalysis,
  campaign: RecordedCampaign,
  settings: CampaignSettings,
): Promise<boolean> {
  const service = services.db!.service;
  const level = settings.detection_calls_per_day;
  if (level === null || campaign.calls_total < level) return false;
  const calls = await campaignCallsLastDay(service, analysis.org, campaign.id, analysis.at);
  if (calls !== level) return false;
  const sent = await emitEvent(services, analysis.org, {
    type: 'campaign.detected',
    dedupeKey: `${campaign.id}\n${new Date(analysis.at).toISOString().slice(0, 10)}`,
    at: new Date(analysis.at),
    data: {
      campaign_id: campaign.id,
      calls_24h: calls,
      level,
      calls_total: campaign.calls_total,
      verdicts: campaign.verdicts,
      label: campaign.label,
      first_seen: campaign.first_seen,
      detected_at: analysis.at,
    },
  });
  return sent !== null;
}

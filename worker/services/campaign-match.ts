import type { LabelledCampaignMatch } from '#core/campaigns/adjust';
import { MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  bands,
  type Fingerprint,
  fingerprint,
  fingerprintFromBase64,
  similarity,
} from '#core/campaigns/fingerprint';
import { campaignCallsLastDay, campaignCandidates } from '../db/campaigns';
import type { Services } from '.';
import { isDatabaseOrg } from './auth/caller';

/**
 * Finds the campaign a transcript matches among those its organisation's reviewers labelled,
 * for core/campaigns/adjust.ts to change the verdict with (docs/campaigns.md, "Campaigns change
 * the verdict"). Read-only: the call joins its campaign later, once stored
 * (campaign-assign.ts).
 *
 * The report waits on this lookup, so it is bounded: past CAMPAIGN_MATCH_TIMEOUT_MS, or on any
 * failure, it answers null (logged as `campaign_match_failed`) and the report goes out as the
 * engine scored it. Never an error for the caller.
 */

/**
 * How long a report waits for the lookup (two indexed reads): a DB_TIMEOUT_MS-long stall
 * would otherwise be added to every text analysis of the organisation.
 */
export const CAMPAIGN_MATCH_TIMEOUT_MS = 500;

/**
 * The labelled campaign `transcript` matches for `org`: the organisation's campaigns sharing an
 * LSH band key with its fingerprint, compared by similarity; of those at or above
 * MATCH_THRESHOLD with a label, a `scam` one before a `legitimate` one (warning about a copy of a
 * trusted script matters more than reassuring about it), then the most similar. Null when none
 * matches, when there is no database or `org` is not a database organisation (the open caller
 * of local dev), or when the lookup fails or times out.
 */
export function matchLabelledCampaign(
  services: Services,
  org: string,
  transcript: string,
  options: MatchOptions = {},
): Promise<LabelledCampaignMatch | null> {
  return matchLabelledFingerprint(services, org, fingerprint(transcript), options);
}

/** How long to wait, and the instant whose last day counts ("calls today"). */
export interface MatchOptions {
  timeoutMs?: number;
  now?: number;
}

/**
 * {@link matchLabelledCampaign} for a fingerprint already built: a live call's running one
 * (durable-objects/call-session/campaign-watch.ts, through call-session-deps.ts).
 */
export async function matchLabelledFingerprint(
  services: Services,
  org: string,
  fp: Fingerprint,
  options: MatchOptions = {},
): Promise<LabelledCampaignMatch | null> {
  const { db, logger } = services;
  if (!db || !isDatabaseOrg(org)) return null;
  const keys = bands(fp);
  if (keys.length === 0) return null;
  const timeoutMs = options.timeoutMs ?? CAMPAIGN_MATCH_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const lookup = async (): Promise<LabelledCampaignMatch | null> => {
    const candidates = await campaignCandidates(db.service, org, keys);
    const best = bestLabelled(fp, candidates);
    if (!best) return null;
    const at = new Date(options.now ?? services.now()).toISOString();
    const callsToday = await campaignCallsLastDay(db.service, org, best.campaign, at);
    return { ...best, callsToday };
  };
  try {
    const found = await Promise.race([lookup(), timeout]);
    if (found === 'timeout') {
      logger.warn('campaign_match_failed', {
        organization_id: org,
        reason: 'timeout',
        timeout_ms: timeoutMs,
      });
      return null;
    }
    return found;
  } catch (error) {
    logger.warn('campaign_match_failed', { organization_id: org, error });
    return null;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The labelled candidate the adjustment uses (see {@link matchLabelledCampaign}). */
function bestLabelled(
  fp: Fingerprint,
  candidates: { id: string; fingerprint: string; label: 'scam' | 'legitimate' | null }[],
): Omit<LabelledCampaignMatch, 'callsToday'> | null {
  let best: Omit<LabelledCampaignMatch, 'callsToday'> | null = null;
  for (const c of candidates) {
    if (c.label === null) continue;
    let stored: Fingerprint;
    try {
      stored = fingerprintFromBase64(c.fingerprint);
    } catch {
      continue;
    }
    const s = similarity(fp, stored);
    if (s < MATCH_THRESHOLD) continue;
    const better =
      !best ||
      (c.label === 'scam' && best.label === 'legitimate') ||
      (c.label === best.label && s > best.similarity);
    if (better) best = { campaign: c.id, label: c.label, similarity: s };
  }
  return best;
}

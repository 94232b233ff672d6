import { MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  bands,
  type Fingerprint,
  fingerprintFromBase64,
  fingerprintToBase64,
  similarity,
} from '#core/campaigns/fingerprint';
import type { SharedCampaign } from '#core/schemas/campaigns';
import type { Verdict } from '#core/schemas/report';
import {
  campaignFingerprint,
  campaignSettingsOf,
  recordSharedCampaignCall,
  type SharedRow,
  sharedCandidates,
  sharedCountsOf,
} from '../db/campaigns';
import type { Services } from '.';

/**
 * The index shared across organisations (docs/campaigns.md, "The shared index"): fingerprints
 * and counts of the calls of organisations that opted in (`shared_index` in their campaign
 * settings), never an organisation's id, transcript, number or example. Only the service role
 * reads or writes `shared_campaigns`.
 *
 * - Write: a call that joined its organisation's campaign (campaign-assign.ts) is counted in
 *   the shared entry most similar to its fingerprint at or above MATCH_THRESHOLD, else starts
 *   one.
 * - Read: an opted-in organisation's campaign (`GET /api/v1/campaigns/{id}`) shows the shared
 *   entry most similar to the campaign's own fingerprint: its counts, nothing else.
 */

/** The shared entry most similar to `fp`, at or above MATCH_THRESHOLD. */
function bestEntry(
  fp: Fingerprint,
  entries: SharedRow[],
): { row: SharedRow; similarity: number } | null {
  let best: { row: SharedRow; similarity: number } | null = null;
  for (const row of entries) {
    let stored: Fingerprint;
    try {
      stored = fingerprintFromBase64(row.fingerprint);
    } catch {
      continue;
    }
    const s = similarity(fp, stored);
    if (s >= MATCH_THRESHOLD && (!best || s > best.similarity)) best = { row, similarity: s };
  }
  return best;
}

/** One call to count in the shared index (its organisation is checked, never stored). */
export interface SharedCall {
  org: string;
  fingerprint: Fingerprint;
  verdict: Verdict;
  at: string;
}

/**
 * Counts a call in the shared index; the caller has checked that its organisation opted in
 * (the database function checks it again and records nothing otherwise). Throws on failure:
 * campaign-assign.ts logs it.
 */
export async function recordSharedCall(services: Services, call: SharedCall): Promise<void> {
  const service = services.db!.service;
  const keys = bands(call.fingerprint);
  if (keys.length === 0) return;
  const best = bestEntry(call.fingerprint, await sharedCandidates(service, keys));
  await recordSharedCampaignCall(service, {
    org: call.org,
    verdict: call.verdict,
    at: call.at,
    fingerprint: fingerprintToBase64(call.fingerprint),
    bands: keys,
    entry: best?.row.id,
  });
}

/**
 * The shared index's counts for a campaign of `org`, or null: the organisation did not opt in,
 * the campaign has no entry at or above MATCH_THRESHOLD, or the index could not be read (logged
 * as `shared_campaign_failed`). The caller has already read the campaign as the organisation's
 * member, so `id` is the organisation's.
 */
export async function sharedCampaignOf(
  services: Services,
  org: string,
  id: string,
): Promise<SharedCampaign | null> {
  const service = services.db?.service;
  if (!service) return null;
  try {
    if (!(await campaignSettingsOf(service, org)).shared_index) return null;
    const stored = await campaignFingerprint(service, org, id);
    if (!stored) return null;
    const fp = fingerprintFromBase64(stored);
    const keys = bands(fp);
    if (keys.length === 0) return null;
    const best = bestEntry(fp, await sharedCandidates(service, keys));
    return best ? sharedCountsOf(best.row, best.similarity) : null;
  } catch (error) {
    services.logger.warn('shared_campaign_failed', {
      organization_id: org,
      campaign_id: id,
      error,
    });
    return null;
  }
}

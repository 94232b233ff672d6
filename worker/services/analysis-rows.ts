import { toHex } from '#core/encoding';
import type { ScamReport } from '#core/schemas/report';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import type { NewAnalysis } from '../db/call-analyses';
import { isDatabaseOrg } from './auth/caller';

/**
 * Finished analyses as `call_analyses` rows (the persist-analysis queue's messages). A row is
 * made only for a database organisation: the open `public` caller of local dev keeps nothing.
 */

/** Who an analysis belongs to and who ran it. */
export interface AnalysisOwner {
  org: string;
  userId: string | null;
  apiKeyId: string | null;
}

const REPORT_ID_PREFIX = 'analysis_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The row id of an analysis id as clients see it: a report's `analysis_<uuid>`, or the UUID
 * alone. Null for anything else.
 */
export function analysisRowId(id: string): string | null {
  const bare = id.startsWith(REPORT_ID_PREFIX) ? id.slice(REPORT_ID_PREFIX.length) : id;
  return UUID.test(bare) ? bare.toLowerCase() : null;
}

/**
 * The row id of a stream: its id when that is a UUID (the server's own ids always are), else a
 * UUID derived from it (SHA-256, version 8), so every redelivery names the same row.
 */
export async function streamRowId(streamId: string): Promise<string> {
  if (UUID.test(streamId)) return streamId.toLowerCase();
  const digest = new Uint8Array(
    await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(`callshield:stream:${streamId}`),
    ),
  );
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The row id of a live call: a stream's as above; a phone call's from its call SID in a
 * namespace of its own (a /ws/stream client may name a stream like a call SID).
 */
export function callRowId(streamId: string, source: 'stream' | 'twilio'): Promise<string> {
  return streamRowId(source === 'twilio' ? `twilio:${streamId}` : streamId);
}

function common(owner: AnalysisOwner, at: string) {
  return {
    organization_id: owner.org,
    status: 'completed' as const,
    created_by: owner.userId,
    api_key_id: owner.apiKeyId,
    created_at: at,
    completed_at: at,
  };
}

/** The row of a text or audio report; null when the owner is not a database organisation. */
export function reportRow(
  report: ScamReport,
  owner: AnalysisOwner,
  input: { transcript: string; fileName?: string },
): NewAnalysis | null {
  const id = analysisRowId(report.id);
  if (!id || !isDatabaseOrg(owner.org)) return null;
  return {
    ...common(owner, report.analyzed_at),
    id,
    source: report.mode === 'audio' ? 'audio' : 'text',
    transcript: input.transcript,
    result: report,
    combined_score: report.combined_score,
    verdict: report.verdict,
    engines: report.engines,
    review_required: report.review_required,
    review_reason: report.review_reason,
    review_status: report.review_required ? 'pending' : 'none',
    file_name: input.fileName ?? null,
    audio_key: report.audio?.original_key ?? null,
    trimmed_audio_key: report.audio?.trimmed_key ?? null,
    metadata: report.asr_engine ? { asr_engine: report.asr_engine } : {},
  };
}

/** The row of a stream's final result; null when the owner is not a database organisation. */
export async function streamRow(
  streamId: string,
  final: StreamFinal,
  owner: AnalysisOwner,
): Promise<NewAnalysis | null> {
  if (!isDatabaseOrg(owner.org)) return null;
  return {
    ...common(owner, final.finalized_at),
    id: await streamRowId(streamId),
    source: 'stream',
    transcript: final.transcript,
    result: { stream_id: streamId, ...final },
    combined_score: final.combined_score,
    verdict: final.verdict,
    engines: final.engines,
    review_required: final.review_required,
    review_reason: final.review_reason,
    review_status: final.review_required ? 'pending' : 'none',
    file_name: null,
    audio_key: null,
    trimmed_audio_key: null,
    metadata: {
      stream_id: streamId,
      reason: final.reason,
      total_chunks: final.total_chunks,
      duration_ms: final.duration_ms,
    },
  };
}

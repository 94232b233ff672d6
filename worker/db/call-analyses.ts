import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { VerdictSchema } from '#core/schemas/report';
import { run } from './client';

/** `call_analyses`: every analysis an organisation ran, with its result and its review. */

/** The same names as the table's enums. */
export const ANALYSIS_SOURCES = ['text', 'audio', 'stream', 'upload', 'twilio'] as const;
export const ANALYSIS_STATUSES = ['pending', 'processing', 'completed', 'error'] as const;
export const REVIEW_STATUSES = ['none', 'pending', 'in_review', 'completed'] as const;
export const REVIEW_OUTCOMES = ['confirmed_scam', 'false_positive', 'inconclusive'] as const;
/** Where a job is: the stage it reached (`done` once finished, whatever the outcome). */
export const ANALYSIS_STAGES = ['queued', 'decoding', 'transcribing', 'scoring', 'done'] as const;

/** One stretch of a job's transcript; times in seconds from the start of the original audio. */
export const TranscriptSegmentSchema = z
  .object({
    start: z.number().nonnegative(),
    end: z.number().nonnegative(),
    text: z.string(),
    confidence: z.number().min(0).max(1).nullable().meta({
      description: 'The recogniser’s confidence in this segment; null when it gives none.',
    }),
  })
  .meta({ id: 'TranscriptSegment' });
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

const json = z.record(z.string(), z.unknown());

/** The columns a finished analysis and a stored one share. */
const analysisColumns = {
  id: z.uuid(),
  organization_id: z.uuid(),
  source: z.enum(ANALYSIS_SOURCES),
  transcript: z.string().nullable(),
  engines: z.array(z.string()),
  review_required: z.boolean(),
  review_reason: z.string().nullable(),
  created_by: z.uuid().nullable(),
  api_key_id: z.uuid().nullable(),
  file_name: z.string().nullable(),
  audio_key: z.string().nullable(),
  trimmed_audio_key: z.string().nullable(),
  metadata: json,
  created_at: z.string(),
};

/**
 * A finished analysis as it is written: the body of a persist-analysis queue message and the
 * row upserted from it. `id` is the report's UUID, so a redelivered message writes nothing new.
 */
export const NewAnalysisSchema = z.object({
  ...analysisColumns,
  status: z.literal('completed'),
  /** The report (ScamReport, or a stream's final result) as the client received it. */
  result: json,
  combined_score: z.number().min(0).max(1),
  verdict: VerdictSchema,
  review_status: z.enum(['none', 'pending']),
  completed_at: z.string(),
  /** A phone call's number, as its keyed hash (reviewers' reports on it follow the row). */
  caller_hash: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
});
export type NewAnalysis = z.infer<typeof NewAnalysisSchema>;

/** What lists show of an analysis: everything but its transcript, segments and result. */
export const AnalysisSummarySchema = z
  .object({
    ...analysisColumns,
    status: z.enum(ANALYSIS_STATUSES),
    stage: z.enum(ANALYSIS_STAGES),
    progress: z.number().int().min(0).max(100),
    attempts: z.number().int().nonnegative(),
    lease_expires_at: z.string().nullable().meta({
      description: 'While processing: until when the current worker holds the job.',
    }),
    file_id: z.string().nullable(),
    file_size: z.number().int().nonnegative().nullable(),
    file_etag: z.string().nullable().meta({
      description:
        'An upload’s entity tag when its analysis was created: the job refuses a file that changed since.',
    }),
    combined_score: z.number().nullable(),
    verdict: VerdictSchema.nullable(),
    error: z.string().nullable().meta({
      description: 'Why the analysis failed, for a person to act on (or why it is being retried).',
    }),
    error_code: z.string().nullable(),
    review_status: z.enum(REVIEW_STATUSES),
    assigned_to: z.uuid().nullable(),
    reviewed_by: z.uuid().nullable(),
    reviewed_at: z.string().nullable(),
    review_outcome: z.enum(REVIEW_OUTCOMES).nullable(),
    review_notes: z.string().nullable(),
    campaign_id: z.uuid().nullable().meta({
      description: 'The campaign (calls of the same script) the call joined; null when none.',
    }),
    updated_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
  })
  .omit({ transcript: true })
  .meta({ id: 'AnalysisSummary' });
export type AnalysisSummary = z.infer<typeof AnalysisSummarySchema>;

/** A stored analysis as members read it: a finished report, a job on its way, or a failure. */
export const AnalysisRecordSchema = AnalysisSummarySchema.extend({
  transcript: z.string().nullable(),
  segments: z.array(TranscriptSegmentSchema).nullable(),
  result: json.nullable().meta({
    description:
      'The report as the client received it; for uploads also AuthentiVoice’s fields ' +
      '(`transcription`, `fraud_score`, `analysis`).',
  }),
}).meta({ id: 'StoredAnalysis' });
export type AnalysisRecord = z.infer<typeof AnalysisRecordSchema>;

/**
 * The columns of a record and of a summary, for `select`. (PostgREST needs every column an
 * `or` filter of an update names to be among those returned.)
 */
export const RECORD_COLUMNS = Object.keys(AnalysisRecordSchema.shape).join(', ');
export const SUMMARY_COLUMNS = Object.keys(AnalysisSummarySchema.shape).join(', ');

/**
 * Writes finished analyses (service role). Idempotent: a row that exists already is left as it
 * is, so a redelivered message, or a reviewer's change since, is never overwritten. Returns the
 * ids of the rows this call wrote (not those that existed), so what follows a first write
 * (joining a campaign) happens once.
 */
export async function insertAnalyses(
  service: SupabaseClient,
  rows: NewAnalysis[],
): Promise<Set<string>> {
  const written = await run(
    service
      .from('call_analyses')
      .upsert(rows, { onConflict: 'id', ignoreDuplicates: true })
      .select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  return new Set(written.map((r) => r.id));
}

/** One analysis of `org`, or null (also for another organisation's id). */
export function getAnalysis(
  client: SupabaseClient,
  org: string,
  id: string,
): Promise<AnalysisRecord | null> {
  return run(
    client
      .from('call_analyses')
      .select(RECORD_COLUMNS)
      .eq('organization_id', org)
      .eq('id', id)
      .maybeSingle(),
    AnalysisRecordSchema.nullable(),
  );
}

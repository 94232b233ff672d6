import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { VerdictSchema } from '#core/schemas/report';
import { run } from './client';

/** `call_analyses`: every analysis an organisation ran, with its result and its review. */

/** The same names as the table's enums. */
export const ANALYSIS_SOURCES = ['text', 'audio', 'stream', 'upload', 'twilio'] as const;
const ANALYSIS_STATUSES = ['pending', 'processing', 'completed', 'error'] as const;
const REVIEW_STATUSES = ['none', 'pending', 'in_review', 'completed'] as const;

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
});
export type NewAnalysis = z.infer<typeof NewAnalysisSchema>;

/** A stored analysis as members read it (later issues add pending, failed and reviewed ones). */
export const AnalysisRecordSchema = z
  .object({
    ...analysisColumns,
    status: z.enum(ANALYSIS_STATUSES),
    result: json.nullable().meta({ description: 'The report as the client received it.' }),
    combined_score: z.number().nullable(),
    verdict: VerdictSchema.nullable(),
    error: z.string().nullable(),
    review_status: z.enum(REVIEW_STATUSES),
    updated_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({ id: 'StoredAnalysis' });
export type AnalysisRecord = z.infer<typeof AnalysisRecordSchema>;

const COLUMNS = Object.keys(AnalysisRecordSchema.shape).join(', ');

/**
 * Writes finished analyses (service role). Idempotent: a row that exists already is left as it
 * is, so a redelivered message, or a reviewer's change since, is never overwritten.
 */
export async function insertAnalyses(service: SupabaseClient, rows: NewAnalysis[]): Promise<void> {
  await run(
    service.from('call_analyses').upsert(rows, { onConflict: 'id', ignoreDuplicates: true }),
    z.null(),
  );
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
      .select(COLUMNS)
      .eq('organization_id', org)
      .eq('id', id)
      .maybeSingle(),
    AnalysisRecordSchema.nullable(),
  );
}

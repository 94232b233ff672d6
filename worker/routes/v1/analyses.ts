import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { MAX_UPLOAD_BYTES } from '#core/limits';
import { type AnalysisRecord, AnalysisRecordSchema, getAnalysis } from '../../db/call-analyses';
import { run } from '../../db/client';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { insertJob } from '../../jobs/db';
import { enqueueJob } from '../../jobs/enqueue';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { analysisRowId } from '../../services/analysis-rows';
import { isDatabaseOrg } from '../../services/auth/caller';
import { analysisAudioKeys, storedFileName, uploadKey } from '../../services/storage-keys';
import { callerStorage, DownloadUrlSchema, downloadUrl } from './audio';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

/**
 * Analyses of the caller's organisation: create one for an uploaded file (a background job),
 * read one, its audio, delete it. Other organisations' ids are 404, like ids that don't exist.
 */

/** Free-form data a client keeps with an analysis (at most 16 KB of JSON). */
export const MetadataSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 16_384, 'metadata is larger than 16 KB')
  .meta({ description: 'Your own data about the call (≤ 16 KB of JSON).' });

export const AnalysisIdParam = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The UUID, or `analysis_<uuid>`.' }),
});

/** The row id named by the path, or 404. */
export function rowIdOf(c: Context<AppEnv>, raw: string): { org: string; id: string } {
  const id = analysisRowId(raw);
  const { org } = c.var.caller;
  if (!id || !isDatabaseOrg(org)) throw new ApiError('NOT_FOUND', 'no analysis with that id');
  return { org, id };
}

/** The analysis, or 404. */
export async function analysisOr404(c: Context<AppEnv>, raw: string): Promise<AnalysisRecord> {
  const { org, id } = rowIdOf(c, raw);
  const found = await getAnalysis(clientFor(c), org, id);
  if (!found) throw new ApiError('NOT_FOUND', 'no analysis with that id');
  return found;
}

const CreateAnalysisSchema = z
  .object({
    file_id: z.uuid('expected the file id an upload returned'),
    file_name: z.string().trim().min(1).max(255),
    metadata: MetadataSchema.optional(),
  })
  .openapi('CreateAnalysis');

const base = { tags: ['Analyses'], security: CREDENTIALS };

const createAnalysisRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/analyses',
  operationId: 'createAnalysis',
  summary: 'Analyse an uploaded file in the background',
  description:
    'Answers 202 with the analysis in `pending` (stage `queued`). A background job decodes the file, trims ' +
    'the silence, stores the trimmed audio, transcribes it and scores it; poll `GET /api/v1/analyses/{id}` ' +
    'for `stage` and `progress` until `status` is `completed` or `error` (with `error` saying why).',
  middleware: [requireRole('analyst')],
  request: {
    headers: OrgHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: CreateAnalysisSchema } } },
  },
  responses: {
    202: {
      description: 'Queued.',
      content: { 'application/json': { schema: AnalysisRecordSchema } },
    },
    ...v1Errors(400, 404, 413),
  },
});

const getRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/analyses/{id}',
  operationId: 'getAnalysis',
  summary: 'One analysis (an upload’s job, a text or audio report, a stream’s final result)',
  description:
    'Reports and streams are stored in the background, usually within a second or two of their answer. ' +
    "The id is the report's `id` (`analysis_<uuid>` or the UUID alone), or a stream's `stream_id`.",
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, params: AnalysisIdParam },
  responses: {
    200: {
      description: 'The analysis.',
      content: { 'application/json': { schema: AnalysisRecordSchema } },
    },
    ...v1Errors(404),
  },
});

const audioRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/analyses/{id}/audio',
  operationId: 'getAnalysisAudio',
  summary: 'Short-lived presigned URLs of an analysis’s original and trimmed audio',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, params: AnalysisIdParam },
  responses: {
    200: {
      description: 'Each URL is valid for 5 minutes; null where there is no such audio.',
      content: {
        'application/json': {
          schema: z
            .object({
              original: DownloadUrlSchema.nullable(),
              trimmed: DownloadUrlSchema.nullable(),
            })
            .openapi('AnalysisAudio'),
        },
      },
    },
    ...v1Errors(404),
  },
});

const deleteRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/analyses/{id}',
  operationId: 'deleteAnalysis',
  summary: 'Delete an analysis and its audio (admins)',
  middleware: [requireRole('admin')],
  request: { headers: OrgHeaderSchema, params: AnalysisIdParam },
  responses: { 204: { description: 'Deleted.' }, ...v1Errors(404) },
});

/** `POST/GET/DELETE /api/v1/analyses[/{id}]`, `GET /api/v1/analyses/{id}/audio`. */
export const analyses = createRouter()
  .openapi(createAnalysisRoute, async (c) => {
    const storage = callerStorage(c);
    const { org } = storage;
    const body = c.req.valid('json');
    const { jobQueue, logger } = c.var.services;
    const file = await storage.head(uploadKey(org, body.file_id, body.file_name));
    if (!file)
      throw new ApiError(
        'NOT_FOUND',
        'no uploaded file with that id and name in your organisation',
      );
    if (file.size > MAX_UPLOAD_BYTES)
      throw new ApiError('PAYLOAD_TOO_LARGE', 'the file is over the 500 MB limit');
    const { caller } = c.var;
    const job = await insertJob(clientFor(c), {
      id: crypto.randomUUID(),
      organization_id: org,
      file_id: body.file_id.toLowerCase(),
      file_name: storedFileName(body.file_name),
      file_size: file.size,
      file_etag: file.etag,
      metadata: body.metadata ?? {},
      api_key_id: caller.accessToken ? null : caller.apiKeyId,
    });
    try {
      await enqueueJob(jobQueue, { analysis_id: job.id, organization_id: org });
    } catch (error) {
      // The row is pending: the sweep queues it once it is stale, so it is late, not lost.
      logger.error('job_enqueue_failed', { analysis_id: job.id, organization_id: org, error });
    }
    return c.json(job, 202);
  })
  .openapi(getRoute, async (c) => c.json(await analysisOr404(c, c.req.valid('param').id), 200))
  .openapi(audioRoute, async (c) => {
    const found = await analysisOr404(c, c.req.valid('param').id);
    const storage = callerStorage(c);
    // Derived from the row's organisation, id and file, never read from its key columns.
    const keys = analysisAudioKeys(found);
    const urlFor = async (key: string | null) =>
      key && (await storage.head(key)) ? downloadUrl(c, storage, key) : null;
    const [original, trimmed] = await Promise.all([urlFor(keys.original), urlFor(keys.trimmed)]);
    return c.json({ original, trimmed }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const found = await analysisOr404(c, c.req.valid('param').id);
    const client = clientFor(c);
    const audio = analysisAudioKeys(found);
    // Audio first: if deleting the row then fails, a retry finds it and finishes the job.
    const keys = [audio.trimmed].filter((k): k is string => k !== null);
    if (audio.original && !(await sharedOriginal(c, found))) keys.push(audio.original);
    await callerStorage(c).delete(keys);
    const deleted = await run(
      client
        .from('call_analyses')
        .delete()
        .eq('organization_id', found.organization_id)
        .eq('id', found.id)
        .select('id'),
      z.array(z.object({ id: z.uuid() })),
    );
    if (deleted.length === 0) throw new ApiError('NOT_FOUND', 'no analysis with that id');
    return c.body(null, 204);
  });

/** Whether another analysis of the organisation was made from the same uploaded file. */
async function sharedOriginal(c: Context<AppEnv>, found: AnalysisRecord): Promise<boolean> {
  if (found.source !== 'upload') return false;
  const others = await run(
    clientFor(c)
      .from('call_analyses')
      .select('id')
      .eq('organization_id', found.organization_id)
      .eq('source', 'upload')
      .eq('file_id', found.file_id ?? '')
      .eq('file_name', found.file_name ?? '')
      .neq('id', found.id)
      .limit(1),
    z.array(z.object({ id: z.uuid() })),
  );
  return others.length > 0;
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  DOWNLOAD_URL_TTL_S,
  MAX_MULTIPART_BYTES,
  MAX_UPLOAD_BYTES,
  MIB,
  MULTIPART_SLACK_BYTES,
  UPLOAD_URL_TTL_S,
} from '#core/limits';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import type { Services } from '../../services';
import { isDatabaseOrg } from '../../services/auth/caller';
import type { StoredObject } from '../../services/object-store';
import { type OrgStorage, orgStorage } from '../../services/org-storage';
import { stagingKey, storedFileName, uploadKey } from '../../services/storage-keys';
import { OrgHeaderSchema, v1Errors } from './common';

/**
 * Uploads (AuthentiVoice's `/api/v1/audio`): the original recording is kept under
 * `{org}/{file_id}/{name}`, then analysed with `POST /api/v1/analyses`. Files up to 25 MB go
 * through the Worker (multipart); up to 500 MB straight to storage with a presigned PUT to a
 * staging key, then `complete` checks what arrived and copies it to its key, which no client
 * ever has a URL for: a completed file can't change. Anything is accepted here: whether it is
 * audio ffmpeg can decode is the analysis job's finding.
 */

export const UploadedFileSchema = z
  .object({
    file_id: z.uuid(),
    file_name: z
      .string()
      .meta({ description: 'The name it is stored under (send it back as is).' }),
    file_size: z.number().int().nonnegative(),
    content_type: z.string().nullable(),
  })
  .openapi('UploadedFile');

const FileIdParam = z.object({
  file_id: z
    .uuid('expected a file id (a UUID)')
    .transform((id) => id.toLowerCase())
    .openapi({ param: { name: 'file_id', in: 'path' } }),
});
const FileNameSchema = z.string().trim().min(1).max(255);

const base = { tags: ['Audio'], security: CREDENTIALS };

const uploadRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/audio/upload',
  operationId: 'uploadAudio',
  summary: 'Upload a recording (multipart, ≤ 25 MB)',
  middleware: [requireRole('analyst')],
  request: {
    headers: OrgHeaderSchema,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z
            .object({ file: z.any().optional().openapi({ type: 'string', format: 'binary' }) })
            .openapi('AudioFileUpload'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored; analyse it with POST /api/v1/analyses.',
      content: { 'application/json': { schema: UploadedFileSchema } },
    },
    ...v1Errors(400, 413),
  },
});

const UploadUrlRequestSchema = z
  .object({
    file_name: FileNameSchema,
    content_type: z.string().max(100).optional(),
    file_size: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: 'The size you will upload; over 500 MB is refused now.' }),
  })
  .openapi('UploadUrlRequest');

const UploadUrlSchema = z
  .object({
    file_id: z.uuid(),
    file_name: z.string(),
    upload_url: z.string().meta({ description: 'PUT the file here, then call `complete`.' }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    max_bytes: z
      .number()
      .int()
      .meta({ description: 'The largest file this URL takes (see the operation).' }),
    expires_at: z.string(),
  })
  .openapi('UploadUrl');

const uploadUrlRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/audio/upload-url',
  operationId: 'createUploadUrl',
  summary: 'A presigned PUT for a large recording (≤ 500 MB straight to R2)',
  description:
    'With R2’s S3 credentials configured the file goes straight to R2, up to 500 MB. Without them ' +
    'the URL is the Worker’s own, so the file passes through Cloudflare’s proxy, which refuses ' +
    'request bodies above the account plan’s limit (100 MB on Free and Pro, 200 MB on Business, ' +
    '500 MB on Enterprise: `REQUEST_BODY_LIMIT_MB`); `max_bytes` says which applies, and a ' +
    '`file_size` above it is refused here with 413 rather than halfway through the upload.',
  middleware: [requireRole('analyst')],
  request: {
    headers: OrgHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: UploadUrlRequestSchema } } },
  },
  responses: {
    201: {
      description: 'Where to PUT the file.',
      content: { 'application/json': { schema: UploadUrlSchema } },
    },
    ...v1Errors(400, 413),
  },
});

const completeRoute = createRoute({
  ...base,
  method: 'post',
  path: '/api/v1/audio/{file_id}/complete',
  operationId: 'completeUpload',
  summary: 'Confirm a presigned upload: checks it and makes it the file analyses read',
  description:
    'Checks the object arrived, is not empty and is within the limit, then moves it where analyses ' +
    'read it. From then on the file is fixed: its upload URL no longer reaches it, and completing ' +
    'again answers the file as it was.',
  middleware: [requireRole('analyst')],
  request: {
    headers: OrgHeaderSchema,
    params: FileIdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ file_name: FileNameSchema }).openapi('CompleteUpload'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The stored file.',
      content: { 'application/json': { schema: UploadedFileSchema } },
    },
    ...v1Errors(400, 404, 413),
  },
});

export const DownloadUrlSchema = z
  .object({ url: z.string(), expires_at: z.string() })
  .openapi('DownloadUrl');

const downloadRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/audio/{file_id}/download-url',
  operationId: 'getDownloadUrl',
  summary: 'A short-lived presigned download URL for an uploaded file',
  middleware: [requireRole('viewer')],
  request: {
    headers: OrgHeaderSchema,
    params: FileIdParam,
    query: z.object({ file_name: FileNameSchema }),
  },
  responses: {
    200: {
      description: 'The URL (valid 5 minutes).',
      content: { 'application/json': { schema: DownloadUrlSchema } },
    },
    ...v1Errors(400, 404),
  },
});

/** The caller's organisation, which must be a database one (files are kept per organisation). */
export function storageOrg(c: Context<AppEnv>): string {
  const { org } = c.var.caller;
  if (!isDatabaseOrg(org))
    throw new ApiError(
      'FORBIDDEN',
      'files are kept per organisation: sign in, use an API key, or set OPEN_ORG_ID',
    );
  return org;
}

/** The caller's organisation's audio: only keys under `{org}/` are signed, read or deleted. */
export function callerStorage(c: Context<AppEnv>): OrgStorage {
  return orgStorage(c.var.services.storage, storageOrg(c));
}

/** A presigned GET for `key` (one of `storage`'s organisation), valid for the download TTL. */
export async function downloadUrl(c: Context<AppEnv>, storage: OrgStorage, key: string) {
  const expires = new Date(c.var.services.now() + DOWNLOAD_URL_TTL_S * 1000).toISOString();
  const url = await storage.url('GET', key, DOWNLOAD_URL_TTL_S);
  return { url, expires_at: expires };
}

const tooLarge = (limit: number) =>
  new ApiError('PAYLOAD_TOO_LARGE', `files are limited to ${limit / MIB} MB`);

/**
 * The largest file an upload URL can carry. R2's S3 API takes it straight from the client, up
 * to MAX_UPLOAD_BYTES; a URL the Worker signs itself is a PUT through the Worker, and Cloudflare
 * refuses request bodies above the plan's limit (`REQUEST_BODY_LIMIT_MB`) before the Worker
 * runs, so promising more would end in Cloudflare's 413 halfway through the upload.
 */
export function presignedUploadLimit(services: Services): number {
  if (services.storage.presigner.kind === 's3') return MAX_UPLOAD_BYTES;
  return Math.min(MAX_UPLOAD_BYTES, services.config.storage.requestBodyLimitBytes);
}

function tooLargeForUrl(limit: number): ApiError {
  if (limit >= MAX_UPLOAD_BYTES) return tooLarge(limit);
  return new ApiError(
    'PAYLOAD_TOO_LARGE',
    `files are limited to ${limit / MIB} MB here: uploads pass through this server, and Cloudflare limits request bodies on its plan; the operator can set R2_S3_* for direct uploads up to ${MAX_UPLOAD_BYTES / MIB} MB (docs/deploy.md)`,
  );
}

function described(fileId: string, found: StoredObject) {
  return {
    file_id: fileId,
    file_name: found.key.slice(found.key.lastIndexOf('/') + 1),
    file_size: found.size,
    content_type: found.contentType,
  };
}

/** `/api/v1/audio`. */
export const audio = createRouter()
  .openapi(uploadRoute, async (c) => {
    const storage = callerStorage(c);
    if (Number(c.req.header('content-length') ?? 0) > MAX_MULTIPART_BYTES + MULTIPART_SLACK_BYTES)
      throw tooLarge(MAX_MULTIPART_BYTES);
    const file = c.req.valid('form').file;
    if (!(file instanceof File))
      throw new ApiError('INVALID_AUDIO', 'send the recording as the multipart field "file"');
    if (file.size === 0) throw new ApiError('INVALID_AUDIO', 'the uploaded file is empty');
    if (file.size > MAX_MULTIPART_BYTES) throw tooLarge(MAX_MULTIPART_BYTES);
    const fileId = crypto.randomUUID();
    const key = uploadKey(storage.org, fileId, file.name);
    const contentType = file.type || 'application/octet-stream';
    await storage.put(key, new Uint8Array(await file.arrayBuffer()), {
      contentType,
      size: file.size,
    });
    return c.json(described(fileId, { key, size: file.size, contentType, etag: null }), 201);
  })
  .openapi(uploadUrlRoute, async (c) => {
    const storage = callerStorage(c);
    const body = c.req.valid('json');
    const maxBytes = presignedUploadLimit(c.var.services);
    if ((body.file_size ?? 0) > maxBytes) throw tooLargeForUrl(maxBytes);
    const fileId = crypto.randomUUID();
    // The URL writes a staging key: `complete` moves the file to the key analyses read, which
    // no client has a URL for, so the URL (valid an hour) can't change a completed file.
    const staged = stagingKey(storage.org, fileId, body.file_name);
    return c.json(
      {
        file_id: fileId,
        file_name: storedFileName(body.file_name),
        upload_url: await storage.url('PUT', staged, UPLOAD_URL_TTL_S, { maxBytes }),
        method: 'PUT' as const,
        headers: { 'Content-Type': body.content_type ?? 'application/octet-stream' },
        max_bytes: maxBytes,
        expires_at: new Date(c.var.services.now() + UPLOAD_URL_TTL_S * 1000).toISOString(),
      },
      201,
    );
  })
  .openapi(completeRoute, async (c) => {
    const storage = callerStorage(c);
    const { file_id } = c.req.valid('param');
    const name = c.req.valid('json').file_name;
    const [key, staged] = [
      uploadKey(storage.org, file_id, name),
      stagingKey(storage.org, file_id, name),
    ];
    // Completed already: the file stays as it was; anything PUT since is discarded.
    const completed = await storage.head(key);
    if (completed) {
      await storage.delete([staged]);
      return c.json(described(file_id, completed), 200);
    }
    const found = await storage.head(staged);
    if (!found)
      throw new ApiError(
        'NOT_FOUND',
        'no upload for this file id and name: PUT the file to its upload URL first',
      );
    // An S3 presigned PUT carries no size limit, so it is enforced here.
    if (found.size > MAX_UPLOAD_BYTES || found.size === 0) {
      await storage.delete([staged]);
      if (found.size === 0) throw new ApiError('INVALID_AUDIO', 'the uploaded file is empty');
      throw tooLarge(MAX_UPLOAD_BYTES);
    }
    const moved = await storage.copy(staged, key);
    if (!moved) throw new ApiError('NOT_FOUND', 'the upload disappeared while it was completed');
    await storage.delete([staged]);
    return c.json(described(file_id, moved), 200);
  })
  .openapi(downloadRoute, async (c) => {
    const storage = callerStorage(c);
    const { file_id } = c.req.valid('param');
    const key = uploadKey(storage.org, file_id, c.req.valid('query').file_name);
    if (!(await storage.head(key)))
      throw new ApiError('NOT_FOUND', 'no file with that id and name');
    return c.json(await downloadUrl(c, storage, key), 200);
  });

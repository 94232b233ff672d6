import { createRoute, z } from '@hono/zod-openapi';
import { ApiError, errorResponses } from '../errors';
import { createRouter } from '../openapi';
import { STORAGE_PATH, verifyWorkerSignature } from '../services/presign';

/**
 * Largest object a signed PUT accepts when its URL names no bound of its own (the multipart
 * upload limit); URLs for large uploads carry a signed `max`.
 */
export const MAX_OBJECT_BYTES = 25 * 1024 * 1024;

const SignedQuerySchema = z.object({
  key: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9._/-]+$/, 'key has unexpected characters'),
  method: z.enum(['GET', 'PUT']),
  expires: z.coerce.number().int().positive(),
  max: z.coerce.number().int().positive().optional(),
  sig: z.string().regex(/^[0-9a-f]{64}$/, 'sig must be 64 hex characters'),
});

function signedRoute(method: 'get' | 'put') {
  return createRoute({
    method,
    path: STORAGE_PATH,
    tags: ['Storage'],
    summary:
      method === 'get'
        ? 'Download an object with a Worker-signed URL'
        : 'Upload an object with a Worker-signed URL',
    description:
      'Used when R2 S3 credentials are not configured: the URL itself is the credential.',
    request: { query: SignedQuerySchema },
    responses: {
      200: { description: method === 'get' ? 'The object bytes.' : 'Stored.' },
      ...errorResponses(400, 403, 404, 413),
    },
  });
}

async function authorize(
  query: z.infer<typeof SignedQuerySchema>,
  expected: 'GET' | 'PUT',
  secret: string,
): Promise<void> {
  if (query.method !== expected)
    throw new ApiError('FORBIDDEN', `this URL is signed for ${query.method}`);
  const result = await verifyWorkerSignature(secret, query);
  if (result === 'expired') throw new ApiError('FORBIDDEN', 'this URL has expired');
  if (result !== 'ok') throw new ApiError('FORBIDDEN', 'the URL signature does not match');
}

/** Worker-signed object URLs over the `AUDIO_BUCKET` R2 binding. */
export const storage = createRouter()
  .openapi(signedRoute('put'), async (c) => {
    const query = c.req.valid('query');
    await authorize(query, 'PUT', c.var.config.storageSigningSecret);
    const limit = query.max ?? MAX_OBJECT_BYTES;
    // The body is streamed to storage, which needs its length first.
    const length = Number(c.req.header('content-length') ?? Number.NaN);
    if (!Number.isSafeInteger(length) || length < 0)
      throw new ApiError('BAD_REQUEST', 'send the object with a Content-Length header');
    if (length > limit)
      throw new ApiError('PAYLOAD_TOO_LARGE', `this URL accepts at most ${limit} bytes`);
    const body = c.req.raw.body ?? new Uint8Array();
    await c.var.services.storage.objects.put(query.key, body, {
      contentType: c.req.header('content-type') ?? 'application/octet-stream',
      size: length,
    });
    return c.json({ key: query.key, bytes: length }, 200);
  })
  .openapi(signedRoute('get'), async (c) => {
    const query = c.req.valid('query');
    await authorize(query, 'GET', c.var.config.storageSigningSecret);
    const object = await c.var.services.storage.bucket.get(query.key);
    if (!object) throw new ApiError('NOT_FOUND', 'no such object');
    return new Response(object.body, {
      headers: {
        'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
        'Content-Length': String(object.size),
      },
    });
  });

import { createRoute, z } from '@hono/zod-openapi';
import { MAX_MULTIPART_BYTES } from '#core/limits';
import { ApiError, errorResponses } from '../errors';
import { createRouter } from '../openapi';
import { STORAGE_PATH, verifyWorkerSignature } from '../services/presign';

// A signed PUT whose URL names no bound of its own, or that comes without a length, takes up to
// the multipart limit; URLs for large uploads carry a signed `max`.

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
    operationId: method === 'get' ? 'downloadSignedObject' : 'uploadSignedObject',
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
    await authorize(query, 'PUT', c.var.config.storage.signingSecret);
    const limit = query.max ?? MAX_MULTIPART_BYTES;
    const tooLarge = () =>
      new ApiError('PAYLOAD_TOO_LARGE', `this URL accepts at most ${limit} bytes`);
    const contentType = c.req.header('content-type') ?? 'application/octet-stream';
    const { objects } = c.var.services.storage;
    const declared = c.req.header('content-length');
    let length: number;
    if (declared !== undefined) {
      // Known length: streamed straight to storage, however large the URL allows.
      length = Number(declared);
      if (!Number.isSafeInteger(length) || length < 0)
        throw new ApiError('BAD_REQUEST', 'Content-Length is not a byte count');
      if (length > limit) throw tooLarge();
      await objects.put(query.key, c.req.raw.body ?? new Uint8Array(), {
        contentType,
        size: length,
      });
    } else {
      // No length (chunked): buffered, so only up to the multipart limit.
      const body = new Uint8Array(await c.req.arrayBuffer());
      length = body.byteLength;
      if (length > Math.min(limit, MAX_MULTIPART_BYTES)) throw tooLarge();
      await objects.put(query.key, body, { contentType, size: length });
    }
    return c.json({ key: query.key, bytes: length }, 200);
  })
  .openapi(signedRoute('get'), async (c) => {
    const query = c.req.valid('query');
    await authorize(query, 'GET', c.var.config.storage.signingSecret);
    const object = await c.var.services.storage.bucket.get(query.key);
    if (!object) throw new ApiError('NOT_FOUND', 'no such object');
    return new Response(object.body, {
      headers: {
        'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
        'Content-Length': String(object.size),
      },
    });
  });

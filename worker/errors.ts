import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The closed set of error codes a client can see, each tied to one HTTP status.
 * Handlers throw `ApiError`; `onError` and the zod `defaultHook` render the one envelope.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_MULTIPART: 400,
  VALIDATION_FAILED: 400,
  EMPTY_TRANSCRIPT: 400,
  INVALID_AUDIO: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPGRADE_REQUIRED: 426,
  TOO_LONG: 422,
  UNPROCESSABLE_AUDIO: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_UNAVAILABLE: 503,
  CONFIG_INVALID: 503,
  DATABASE_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The error we mean to show a client. Anything else thrown becomes a generic INTERNAL. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  /** Seconds, sent as `Retry-After` on 429/503. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.retryAfter = options.retryAfter;
  }
}

/**
 * The error envelope. `detail` repeats the message at the top level because CallShield's
 * clients read FastAPI's `{"detail": …}`.
 */
export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      request_id: z.string(),
    }),
    detail: z.string(),
  })
  .openapi('Error');

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Builds the envelope body; the one place its shape is written. */
export function errorBody(code: ErrorCode, message: string, requestId: string): ErrorEnvelope {
  return { error: { code, message, request_id: requestId }, detail: message };
}

/**
 * The envelope as a Response with its code's status, for code that answers outside Hono's
 * `onError` (the Durable Object's refusals before a WebSocket upgrade).
 */
export function errorResponse(code: ErrorCode, message: string, requestId: string): Response {
  return Response.json(errorBody(code, message, requestId), {
    status: ERROR_STATUS[code],
    headers: { 'X-Request-Id': requestId },
  });
}

/** OpenAPI response entries for the errors a route can return. */
export function errorResponses(...statuses: ContentfulStatusCode[]) {
  const entries = statuses.map((status) => [
    status,
    {
      description: describeStatus(status),
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  ]);
  return Object.fromEntries(entries) as Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorEnvelopeSchema } } }
  >;
}

function describeStatus(status: number): string {
  const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === status);
  return `Error: ${codes.join(' | ')}`;
}

import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ApiError, ERROR_STATUS, type ErrorCode } from '../../errors';
import { presentedCredential } from '../../services/auth/authenticator';
import { RequestValidationError } from './pydantic';

/**
 * Errors on CallShield's REST paths, in the shapes its FastAPI server answers and its clients
 * read (`resp.json()["detail"]["error"]`):
 *
 * - handler and auth errors: `{"detail": {"error": "<code>", "detail": "<text>"}}`
 * - validation (422): `{"detail": [pydantic issue, …]}`
 * - rate limit (429): `{"error": "rate_limit_exceeded", "detail": "…"}` (top level)
 * - framework errors (404, 405, an unparsable multipart body): `{"detail": "<text>"}`
 *
 * Every body also carries our `code`, `message` and `request_id` at the top level, where no
 * CallShield body has a key.
 */

/** The paths that speak CallShield's REST contract: its server's and its integration guide's. */
export const CALLSHIELD_REST_PATHS: ReadonlySet<string> = new Set([
  '/api/analyze/transcript',
  '/api/analyze/audio',
  '/analyze/text',
  '/analyze/audio',
]);

/** Whether `path` is one of CallShield's REST paths. */
export function isCallShieldPath(path: string): boolean {
  return CALLSHIELD_REST_PATHS.has(path.length > 1 ? path.replace(/\/+$/, '') : path);
}

type Shape =
  | { kind: 'nested'; status: ContentfulStatusCode; error: string }
  | { kind: 'flat'; status: ContentfulStatusCode; detail: string };

/**
 * CallShield's answer for each of our codes. Its own codes where it has one (`transcript_empty`,
 * `invalid_file_type`, `file_too_large`, `missing_api_key`, `invalid_api_key`, `model_error`);
 * ours, lower-cased, where it has no such case (roles, a database outage). Statuses are its
 * own, except where its answer is a fault kept out (docs/callshield-compatibility.md): a
 * busy or slow media service is 503/504 with Retry-After (CallShield: 502).
 */
const SHAPES: Partial<Record<ErrorCode, Shape>> = {
  EMPTY_TRANSCRIPT: { kind: 'nested', status: 400, error: 'transcript_empty' },
  INVALID_AUDIO: { kind: 'nested', status: 400, error: 'invalid_file_type' },
  UNPROCESSABLE_AUDIO: { kind: 'nested', status: 400, error: 'invalid_file_type' },
  PAYLOAD_TOO_LARGE: { kind: 'nested', status: 400, error: 'file_too_large' },
  UPSTREAM_UNAVAILABLE: { kind: 'nested', status: 503, error: 'model_error' },
  UPSTREAM_TIMEOUT: { kind: 'nested', status: 504, error: 'model_error' },
  INVALID_MULTIPART: { kind: 'flat', status: 400, detail: 'There was an error parsing the body' },
  NOT_FOUND: { kind: 'flat', status: 404, detail: 'Not Found' },
  METHOD_NOT_ALLOWED: { kind: 'flat', status: 405, detail: 'Method Not Allowed' },
};

const RATE_LIMIT_DETAIL = 'Too many requests. Please slow down.';

/** A CallShield-shaped error: its status and body. */
export function callshieldError(
  err: ApiError,
  request: { headers: Headers; requestId: string },
): { status: ContentfulStatusCode; body: Record<string, unknown> } {
  const ours = { code: err.code, message: err.message, request_id: request.requestId };
  if (err instanceof RequestValidationError)
    return { status: 422, body: { detail: err.issues, ...ours } };
  if (err.code === 'RATE_LIMITED')
    return {
      status: 429,
      body: { error: 'rate_limit_exceeded', detail: RATE_LIMIT_DETAIL, ...ours },
    };
  if (err.code === 'UNAUTHORIZED') {
    // CallShield: no key is 401, a key it does not accept is 403.
    return presentedCredential(request.headers) === null
      ? nested(401, 'missing_api_key', 'X-API-Key header required.', ours)
      : nested(403, 'invalid_api_key', 'Invalid or inactive API key.', ours);
  }
  const shape = SHAPES[err.code];
  if (shape?.kind === 'flat')
    return { status: shape.status, body: { detail: shape.detail, ...ours } };
  return nested(
    shape?.status ?? ERROR_STATUS[err.code],
    shape?.error ?? err.code.toLowerCase(),
    err.message,
    ours,
  );
}

function nested(
  status: ContentfulStatusCode,
  error: string,
  detail: string,
  ours: Record<string, unknown>,
) {
  return { status, body: { detail: { error, detail }, ...ours } };
}

import {
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
} from '@google/generative-ai';

/**
 * Why a Gemini call failed. The closed set lets the cascade report a stable `fallback_reason`
 * and decide on a retry without parsing message text.
 */
export const GEMINI_ERROR_CODES = [
  'GEMINI_TIMEOUT',
  'GEMINI_RATE_LIMITED',
  'GEMINI_UPSTREAM_ERROR',
  'GEMINI_NETWORK',
  'GEMINI_REJECTED',
  'GEMINI_BAD_RESPONSE',
  'GEMINI_BLOCKED',
  'GEMINI_ABORTED',
] as const;
export type GeminiErrorCode = (typeof GEMINI_ERROR_CODES)[number];

/** Codes worth one more attempt: the same request may well succeed a moment later. */
const RETRYABLE: ReadonlySet<GeminiErrorCode> = new Set([
  'GEMINI_TIMEOUT',
  'GEMINI_RATE_LIMITED',
  'GEMINI_UPSTREAM_ERROR',
  'GEMINI_NETWORK',
  // A truncated or garbled answer is sometimes not repeated; the retry budget is one call.
  'GEMINI_BAD_RESPONSE',
]);

/**
 * A Gemini failure with a code and a short message written by us. The SDK's own message is
 * never copied, so no URL, model output or header can leak into a report or a log.
 */
export class GeminiEngineError extends Error {
  readonly code: GeminiErrorCode;
  readonly retryable: boolean;
  /** HTTP status when the server answered with one. */
  readonly status?: number;
  /** Server-requested wait before retrying (Google's RetryInfo), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(
    code: GeminiErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GeminiEngineError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Reads `retryDelay` ("1.5s") from a google.rpc.RetryInfo detail, if present. */
function retryDelayMs(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const delay = (detail as { retryDelay?: unknown }).retryDelay;
    if (typeof delay !== 'string') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
    if (match?.[1]) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

/** Maps an HTTP status from the Gemini API to an error code. */
function fromStatus(error: GoogleGenerativeAIFetchError): GeminiEngineError {
  const status = error.status ?? 0;
  if (status === 429) {
    return new GeminiEngineError('GEMINI_RATE_LIMITED', 'HTTP 429 from Gemini', {
      status,
      retryAfterMs: retryDelayMs(error.errorDetails),
      cause: error,
    });
  }
  if (status >= 500) {
    return new GeminiEngineError('GEMINI_UPSTREAM_ERROR', `HTTP ${status} from Gemini`, {
      status,
      cause: error,
    });
  }
  return new GeminiEngineError('GEMINI_REJECTED', `HTTP ${status} from Gemini`, {
    status,
    cause: error,
  });
}

/**
 * Turns whatever a Gemini call threw into a `GeminiEngineError`. `timedOut` is our own record
 * of whether our deadline fired, which is more reliable than the shape of the abort error.
 */
export function toGeminiError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): GeminiEngineError {
  if (error instanceof GeminiEngineError) return error;
  if (timedOut || error instanceof GoogleGenerativeAIAbortError) {
    return new GeminiEngineError('GEMINI_TIMEOUT', `no answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  if (error instanceof GoogleGenerativeAIFetchError && typeof error.status === 'number') {
    return fromStatus(error);
  }
  if (error instanceof GoogleGenerativeAIResponseError) {
    return new GeminiEngineError('GEMINI_BLOCKED', 'Gemini returned no usable candidate', {
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new GeminiEngineError('GEMINI_BAD_RESPONSE', 'response body is not JSON', {
      cause: error,
    });
  }
  return new GeminiEngineError('GEMINI_NETWORK', 'could not reach Gemini', { cause: error });
}

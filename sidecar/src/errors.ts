/**
 * The sidecar's one error type. Handlers and pipeline stages throw it; the app's onError
 * renders the envelope. Codes, statuses and retryability come from the shared protocol.
 */
import {
  SIDECAR_ERRORS,
  type SidecarErrorBody,
  type SidecarErrorCode,
} from '#core/schemas/sidecar-protocol';

/** A failure with a closed code; `message` is safe to show the client. */
export class SidecarError extends Error {
  override name = 'SidecarError';
  readonly code: SidecarErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  /** Seconds the client should wait before retrying (sets `Retry-After`). */
  readonly retryAfterS: number | undefined;

  constructor(
    code: SidecarErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterS?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = SIDECAR_ERRORS[code].status;
    this.retryable = SIDECAR_ERRORS[code].retryable;
    this.retryAfterS = options.retryAfterS;
  }
}

/** Narrows unknown throwables; anything that isn't a SidecarError becomes INTERNAL. */
export function asSidecarError(err: unknown): SidecarError {
  if (err instanceof SidecarError) return err;
  return new SidecarError('INTERNAL', 'Internal error while processing the request', {
    cause: err,
  });
}

/** Builds the wire envelope. */
export function errorBody(err: SidecarError, requestId?: string): SidecarErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(requestId ? { request_id: requestId } : {}),
    },
  };
}

/** Short description of an unknown throwable for logs (never for clients). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

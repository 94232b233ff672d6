import { ApiError } from '../errors';

/**
 * What went wrong with a database request, in the terms callers act on: the queue retries
 * `unavailable` and dead-letters the rest; routes turn each kind into one API error.
 */
export type DbErrorKind =
  | 'unavailable'
  | 'conflict'
  | 'last_owner'
  | 'expired'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'unauthorized'
  | 'internal';

/** Postgres and PostgREST codes, by kind. */
const KIND_BY_CODE: Record<string, DbErrorKind> = {
  '23505': 'conflict', // unique_violation
  '23503': 'not_found', // foreign_key_violation: the user, organisation or key is gone
  '23514': 'invalid', // check_violation
  '22P02': 'invalid', // invalid_text_representation (a malformed uuid, enum …)
  '22001': 'invalid', // string_data_right_truncation
  '42501': 'forbidden', // insufficient_privilege, and row-level security refusals
  P0002: 'not_found', // no_data_found (raised by our RPCs)
  '40001': 'unavailable', // serialization_failure: try again
  '40P01': 'unavailable', // deadlock_detected: try again
  PGRST116: 'not_found', // .single() found no row
  PGRST301: 'unauthorized', // the JWT was refused
  PGRST302: 'unauthorized',
  PGRST303: 'unauthorized',
};

/** A failed database request. The message is ours, never the database's. */
export class DbError extends Error {
  readonly kind: DbErrorKind;
  /** Postgres/PostgREST code, for logs. */
  readonly code: string;

  constructor(
    kind: DbErrorKind,
    message: string,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DbError';
    this.kind = kind;
    this.code = options.code ?? '';
  }

  /** Classifies supabase-js's error object and the HTTP status it came with. */
  static from(error: { code: string; message: string; hint: string }, status: number): DbError {
    const code = error.code ?? '';
    const kind: DbErrorKind =
      // No answer (status 0: refused, reset, timed out), the gateway can't reach PostgREST
      // (502/504), or PostgREST can't reach Postgres (503, PGRST000–PGRST003).
      status === 0 || status === 502 || status === 503 || status === 504 || /^PGRST00\d$/.test(code)
        ? 'unavailable'
        : code === 'P0001' && error.hint === 'last_owner'
          ? 'last_owner'
          : code === 'P0001' && error.hint === 'invitation_expired'
            ? 'expired'
            : (KIND_BY_CODE[code] ?? (status === 401 ? 'unauthorized' : 'internal'));
    return new DbError(kind, `database request failed (${kind})`, { code, cause: error });
  }

  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'unauthorized';
  }
}

/** How long a client should wait before trying again when the database is away. */
export const DB_RETRY_AFTER_S = 5;

/** The API error a route answers with for a database failure. */
export function apiErrorFor(error: DbError): ApiError {
  switch (error.kind) {
    case 'unavailable':
      return new ApiError(
        'DATABASE_UNAVAILABLE',
        'the database is unavailable; try again shortly',
        { retryAfter: DB_RETRY_AFTER_S, cause: error },
      );
    case 'conflict':
      return new ApiError('CONFLICT', 'that already exists', { cause: error });
    case 'last_owner':
      return new ApiError(
        'CONFLICT',
        'an organisation must keep at least one owner: make someone else an owner first',
        { cause: error },
      );
    case 'expired':
      return new ApiError('CONFLICT', 'it has expired', { cause: error });
    case 'forbidden':
      return new ApiError('FORBIDDEN', 'your role does not allow this', { cause: error });
    case 'not_found':
      return new ApiError('NOT_FOUND', 'not found', { cause: error });
    case 'internal':
      return new ApiError('INTERNAL', 'internal error', { cause: error });
    case 'invalid':
      return new ApiError('VALIDATION_FAILED', 'a value was not accepted', { cause: error });
    case 'unauthorized':
      return new ApiError('UNAUTHORIZED', 'the credentials were refused', { cause: error });
  }
}

import { JOB_BUSY_WAIT_MAX_MS } from '../config/sections/jobs';
import { DbError } from '../db/errors';
import { TRUNCATED_WAV } from '../services/audio-analysis';
import { StorageError } from '../services/object-store';
import { ForeignStorageKey } from '../services/org-storage';
import { SidecarCallError } from '../services/sidecar-client';
import { JOB_SIDECAR_MAX_MS } from '../services/sidecar-deadline';

/**
 * How a background analysis job fails, and the limits that keep it from failing forever.
 * Every failure is either retryable (the job goes back to the queue with back-off) or final
 * (the row ends in `error`), and carries a sentence a person can act on.
 */

/** A job is claimed at most this many times; the last failure then ends it in `error`. */
export const JOB_MAX_ATTEMPTS = 5;

/**
 * How long a claim lasts: both sidecar calls at their longest, the longest wait for a busy
 * pool (busy.ts), and a minute to score and write: 14 minutes, inside the 15 a queue consumer
 * may run. A job whose worker died is claimed again once its lease is over (by the message's
 * next delivery, or the sweep).
 */
export const JOB_LEASE_S = (2 * JOB_SIDECAR_MAX_MS + JOB_BUSY_WAIT_MAX_MS + 60_000) / 1000;

/** A pending job nobody picked up for this long lost its message: the sweep queues it again. */
export const JOB_STALE_PENDING_S = 15 * 60;

/** Seconds before the next try after the `attempt`-th failed: 5, 10, 20, 40 … capped at 5 min. */
export function jobRetryDelaySeconds(attempt: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempt - 1), 300);
}

/** Why a job failed: a stable code, the sentence people read, and whether to try again. */
export class JobFailure extends Error {
  override name = 'JobFailure';
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(reason, options);
  }
}

/**
 * The media pool stayed busy (503 OVERLOADED from every instance) for as long as this run
 * could wait: backpressure, so the job goes back to the queue with its attempt given back
 * (consumer.ts), until it is older than `JOB_BUSY_GIVE_UP_MS`.
 */
export class PoolBusy extends JobFailure {
  override name = 'PoolBusy';
  constructor(cause: unknown) {
    super('BUSY', 'the media service was busy', true, { cause });
  }
}

/** Thrown when the job was claimed by someone else meanwhile: stop, write nothing. */
export class ClaimLost extends Error {
  override name = 'ClaimLost';
}

const AUDIO_FORMATS = 'WAV, MP3, OGG/Opus, WebM, FLAC or M4A';

/**
 * A WAV upload cut short: final, as `/api/analyze/audio` refuses the same file (422, or 400 on
 * CallShield's paths) rather than score the part that arrived.
 */
export function truncatedUpload(): JobFailure {
  return new JobFailure(
    'NOT_AUDIO',
    `${TRUNCATED_WAV} (corrupt or cut short); upload the whole recording as a ${AUDIO_FORMATS} file`,
    false,
  );
}

/** The upload is not the file it was when the analysis was created: analysing it would lie. */
export function fileChanged(): JobFailure {
  return new JobFailure(
    'FILE_CHANGED',
    'the uploaded file changed after the analysis was created; upload it again and create a new analysis',
    false,
  );
}

/** Anything a job threw, as a JobFailure. */
export function jobFailureOf(error: unknown): JobFailure {
  if (error instanceof JobFailure) return error;
  if (error instanceof SidecarCallError) return sidecarFailure(error);
  // A key outside the row's organisation: no retry makes it the organisation's file.
  if (error instanceof ForeignStorageKey)
    return new JobFailure('FILE_MISSING', 'the file is not in this organisation’s storage', false, {
      cause: error,
    });
  if (error instanceof StorageError)
    return new JobFailure('STORAGE_UNAVAILABLE', 'audio storage was unavailable', true, {
      cause: error,
    });
  if (error instanceof DbError)
    return new JobFailure('DATABASE_UNAVAILABLE', 'the database was unavailable', true, {
      cause: error,
    });
  return new JobFailure('INTERNAL', 'an internal error interrupted the analysis', true, {
    cause: error,
  });
}

function sidecarFailure(error: SidecarCallError): JobFailure {
  const final = (code: string, reason: string) => new JobFailure(code, reason, false);
  const again = (code: string, reason: string) =>
    new JobFailure(code, reason, true, { cause: error });
  switch (error.code) {
    case 'UNSUPPORTED_MEDIA':
      return final(
        'NOT_AUDIO',
        `the file could not be decoded as audio (not a recording, or corrupt or cut short); upload a ${AUDIO_FORMATS} recording`,
      );
    case 'EMPTY_BODY':
      return final('EMPTY_FILE', 'the uploaded file is empty; upload the recording again');
    case 'AUDIO_TOO_LONG':
      return final(
        'TOO_LONG',
        `the recording is too long to analyse (${error.message}); split it into shorter parts`,
      );
    case 'PAYLOAD_TOO_LARGE':
      return final(
        'TOO_LARGE',
        'the file is larger than the media service accepts; upload a shorter or compressed recording',
      );
    case 'SIDECAR_NOT_CONFIGURED':
      return final('NO_MEDIA_SERVICE', 'no media service is configured on this server');
    case 'INVALID_PARAMS':
      return final(
        'INTERNAL',
        'the media service refused the request (a bug); the log has the details',
      );
    case 'TIMEOUT':
      return again('TIMEOUT', 'processing took longer than allowed');
    case 'ASR_UNAVAILABLE':
    case 'ASR_LOADING':
      return again('ASR_UNAVAILABLE', 'speech recognition was not available');
    case 'OVERLOADED':
      return new PoolBusy(error);
    case 'SOURCE_UNAVAILABLE':
      return again(
        'STORAGE_UNAVAILABLE',
        'the media service could not read the audio from storage',
      );
    default:
      return again('MEDIA_SERVICE_UNAVAILABLE', 'the media service was unreachable or failed');
  }
}

/**
 * Upload limits (one source for the routes, the storage URLs and the jobs).
 *
 * Small files go through the Worker as multipart (CallShield's 25 MB, the same as
 * `POST /analyze/audio`); larger ones straight to storage with a presigned PUT.
 */
export { MAX_AUDIO_BYTES as MAX_MULTIPART_BYTES } from '../routes/analyze-audio';

/** The largest file a presigned upload may store. */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

/** How long an upload URL is valid (a 500 MB upload on a slow line takes a while). */
export const UPLOAD_URL_TTL_S = 60 * 60;

/** How long a download URL is valid: long enough to start playing, short enough to not leak. */
export const DOWNLOAD_URL_TTL_S = 5 * 60;

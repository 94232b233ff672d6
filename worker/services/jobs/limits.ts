/**
 * Upload limits (one source for the routes, the storage URLs and the jobs).
 *
 * Small files go through the Worker as multipart (CallShield's 25 MB, the same as
 * `POST /analyze/audio`); larger ones straight to storage with a presigned PUT.
 */
export { MAX_AUDIO_BYTES as MAX_MULTIPART_BYTES } from '../../routes/analyze-audio';

/** The largest file a presigned upload may store. */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

/** How long an upload URL is valid (a 500 MB upload on a slow line takes a while). */
export const UPLOAD_URL_TTL_S = 60 * 60;

/** How long a download URL is valid: long enough to start playing, short enough to not leak. */
export const DOWNLOAD_URL_TTL_S = 5 * 60;

/**
 * Stored names keep letters, digits, `.`, `_` and `-` (the storage routes' key alphabet), at
 * most 100 characters. Idempotent, so a client may send back either name it knows.
 */
export function storedFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(-100)
    .replace(/^[._]+/, '');
  return safe || 'audio';
}

/** Where an upload is kept: `{org}/{file_id}/{name}`. */
export function uploadKey(org: string, fileId: string, fileName: string): string {
  return `${org}/${fileId}/${storedFileName(fileName)}`;
}

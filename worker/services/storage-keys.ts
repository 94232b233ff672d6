/**
 * Where an organisation's audio lives in the bucket, and the one check every use of a key
 * passes. The server derives each key from what it controls (the caller's or the row's
 * organisation, an id it generated, a name it sanitised); it never takes a key from a row a
 * user can write. Every key starts with its organisation:
 *
 * | key | what |
 * |---|---|
 * | `{org}/{file_id}/{name}` | an upload: multipart, or a presigned upload once completed |
 * | `{org}/uploads/{file_id}/{name}` | a presigned upload before `complete` (the client's PUT URL points here) |
 * | `{org}/{analysis_id}/trimmed.wav` | a background job's trimmed audio |
 * | `{org}/analysis_{id}/original{.ext}`, `…/trimmed.wav` | an `/analyze/audio` report's original and trimmed audio |
 *
 * A key reveals its organisation's id and an object's id and name: presigned URLs carry it.
 * Knowing one reaches nothing: every sign, read and delete is for the caller's organisation
 * (`keyInOrg`), with keys derived as above.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** One path segment: the storage routes' alphabet, never empty, `.` or `..` (no leading dot). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** Where presigned uploads wait for `complete` (a segment no UUID file id can be). */
const STAGING = 'uploads';

/**
 * Whether `key` is an object of `org`: its first segment is the organisation, followed by at
 * least two plain segments. Nothing like `{org}/../{other}` passes (an S3 URL would resolve it).
 */
export function keyInOrg(key: string, org: string): boolean {
  const [first, ...rest] = key.split('/');
  return (
    first === org &&
    SEGMENT.test(org) &&
    rest.length >= 2 &&
    rest.every((segment) => SEGMENT.test(segment))
  );
}

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
  return `${org}/${fileId.toLowerCase()}/${storedFileName(fileName)}`;
}

/** Where a presigned upload waits until `complete` moves it to its {@link uploadKey}. */
export function stagingKey(org: string, fileId: string, fileName: string): string {
  return `${org}/${STAGING}/${fileId.toLowerCase()}/${storedFileName(fileName)}`;
}

/** A background job's trimmed audio. */
export function jobTrimmedKey(org: string, analysisId: string): string {
  return `${org}/${analysisId}/trimmed.wav`;
}

/** An `/analyze/audio` report's original and trimmed audio (`reportId` is `analysis_<uuid>`). */
export function reportKeys(org: string, reportId: string, fileName: string) {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  return {
    original: `${org}/${reportId}/original${ext ? `.${ext}` : ''}`,
    trimmed: `${org}/${reportId}/trimmed.wav`,
  };
}

/** What of a row the keys of its audio are derived from (never its key columns). */
export interface AudioOwner {
  id: string;
  organization_id: string;
  source: string;
  file_id: string | null;
  file_name: string | null;
}

/**
 * The keys of an analysis's audio, derived from its organisation, id and file; null where it
 * has none. An upload's original is named by `file_id` and `file_name` only when they are what
 * the server writes (a UUID, a sanitised name), so a row written by hand can at most name
 * another object of its own organisation.
 */
export function analysisAudioKeys(row: AudioOwner): {
  original: string | null;
  trimmed: string | null;
} {
  const org = row.organization_id;
  if (row.source === 'upload') {
    const { file_id: fileId, file_name: name } = row;
    const wellFormed = fileId !== null && UUID.test(fileId) && name === storedFileName(name ?? '');
    return {
      original: wellFormed ? uploadKey(org, fileId, name) : null,
      trimmed: jobTrimmedKey(org, row.id),
    };
  }
  if (row.source === 'audio') return reportKeys(org, `analysis_${row.id}`, row.file_name ?? '');
  return { original: null, trimmed: null };
}

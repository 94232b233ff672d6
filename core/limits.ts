/**
 * The API's size limits and lifetimes, one place each: the Worker's routes and jobs, the
 * browser console and the sidecar's defaults read them here. A comment or doc that states one
 * of these numbers changes with it.
 */

/** 1 MiB (CallShield's "25 MB" is 25 MiB). */
export const MIB = 1024 * 1024;

/**
 * Largest audio file sent through the Worker in one request (CallShield's 25 MB): multipart
 * `POST /analyze/audio` and `/api/v1/audio/upload`, a Worker-signed PUT whose URL names no
 * bound, a chunked (length-less) PUT, the console's choice between multipart and presigned,
 * and the sidecar's default request body.
 */
export const MAX_MULTIPART_BYTES = 25 * MIB;

/** What a multipart body may carry beyond its file (boundaries, part headers, other fields). */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

/** Largest file a presigned upload may store (and so a background job analyses). */
export const MAX_UPLOAD_BYTES = 500 * MIB;

/** How long a client's presigned upload URL is valid (a 500 MB upload on a slow line). */
export const UPLOAD_URL_TTL_S = 60 * 60;

/** How long a download URL is valid: long enough to start playing, short enough to not leak. */
export const DOWNLOAD_URL_TTL_S = 5 * 60;

/** How long the sidecar's URL for writing a trimmed recording is valid (one analysis). */
export const TRIMMED_UPLOAD_URL_TTL_S = 15 * 60;

/** How long a one-time browser WebSocket ticket is valid. */
export const STREAM_TICKET_TTL_S = 60;

/** How long the token in a Twilio `<Stream>` URL is valid (Twilio connects within seconds). */
export const TWILIO_STREAM_TOKEN_TTL_S = 120;

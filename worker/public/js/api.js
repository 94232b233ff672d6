/**
 * Talking to the API: the optional API key, REST calls with bounded time, the error
 * envelope, and the one-time ticket a browser socket authenticates with.
 */

const KEY_STORAGE = 'callshield.api_key';
const TICKET_PATH = '/api/streams/ticket';

/** Thrown for any failed call; `message` is already fit to show a person. */
export class ApiFailure extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, status?: number, requestId?: string}} [info]
   */
  constructor(message, info = {}) {
    super(message);
    this.name = 'ApiFailure';
    this.code = info.code ?? 'ERROR';
    this.status = info.status ?? 0;
    this.requestId = info.requestId ?? null;
  }
}

/** @returns {string | null} the API key kept for this tab, if any */
export function getApiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** @param {string | null} key stores (or, when empty, forgets) the key for this tab */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** Listeners told when the server says a key is needed, so the page can ask for one. */
const authListeners = new Set();

/** @param {() => void} listener */
export function onAuthRequired(listener) {
  authListeners.add(listener);
}

function authHeaders() {
  const key = getApiKey();
  return key ? { 'X-API-Key': key } : {};
}

/**
 * Calls the API and returns its JSON, or throws an ApiFailure carrying the envelope's code.
 * @param {string} path
 * @param {RequestInit & {timeoutMs?: number}} [init]
 * @returns {Promise<unknown>}
 */
export async function apiFetch(path, init = {}) {
  const { timeoutMs = 30_000, headers, ...rest } = init;
  let response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { Accept: 'application/json', ...authHeaders(), ...headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiFailure(
      timedOut
        ? `The server did not answer within ${Math.round(timeoutMs / 1000)} s.`
        : 'Could not reach the server. Is it running?',
      { code: timedOut ? 'TIMEOUT' : 'NETWORK' },
    );
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  const failure = failureFrom(response.status, body);
  // CallShield's paths answer a refused key with 403 (invalid_api_key): ask for one too.
  if (response.status === 401 || failure.code === 'UNAUTHORIZED')
    for (const listener of authListeners) listener();
  throw failure;
}

/**
 * Reads our envelope `{error:{code,message,request_id}}`, or the CallShield shapes the
 * `/analyze/*` paths answer with (`{detail:{error,detail}}`, FastAPI's `{detail:[…]}` for
 * 422, `{error:"rate_limit_exceeded"}`), which carry our `code`, `message` and `request_id`
 * at the top level.
 * @param {number} status
 * @param {unknown} body
 */
function failureFrom(status, body) {
  const b = /** @type {any} */ (body) ?? {};
  const envelope = typeof b.error === 'object' && b.error !== null ? b.error : b;
  const detail = b.detail;
  const message =
    (typeof envelope.message === 'string' && envelope.message) ||
    (typeof detail?.detail === 'string' && detail.detail) ||
    (Array.isArray(detail) && typeof detail[0]?.msg === 'string' && detail[0].msg) ||
    (typeof detail === 'string' && detail) ||
    (status === 401 ? 'An API key is required.' : `The server answered HTTP ${status}.`);
  return new ApiFailure(message, {
    code: typeof envelope.code === 'string' ? envelope.code : `HTTP_${status}`,
    status,
    requestId: typeof envelope.request_id === 'string' ? envelope.request_id : undefined,
  });
}

/**
 * Asks whether the server is up and whether it wants a key; never throws.
 * @returns {Promise<{ok: boolean, authRequired: boolean}>}
 */
export async function checkHealth() {
  try {
    const body = /** @type {any} */ (await apiFetch('/api/health', { timeoutMs: 5000 }));
    return {
      ok: true,
      authRequired: body?.auth_required === true || body?.auth?.required === true,
    };
  } catch (error) {
    return { ok: false, authRequired: error instanceof ApiFailure && error.status === 401 };
  }
}

/**
 * The URL to open the stream socket on. Browsers cannot set headers on a WebSocket, so the
 * key (if any) is first traded for a one-time ticket. Asking even without a key lets a server
 * that needs one say so with a 401 (which opens the key dialog) instead of a bare failed
 * upgrade; a server without the ticket route is simply open.
 * @param {{streamId: string, lastChunkIndex: number}} [resume] reconnect to this stream: the
 *   ticket is asked for it (tickets are single-use, so every connection needs its own) and
 *   the server is told the last chunk the page has a result for
 * @returns {Promise<string>}
 */
export async function streamUrl(resume) {
  let url = new URL('/ws/stream', location.href);
  try {
    const body = /** @type {any} */ (
      await apiFetch(TICKET_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(resume ? { stream_id: resume.streamId } : {}),
        timeoutMs: 10_000,
      })
    );
    if (typeof body?.ws_path === 'string' && body.ws_path.startsWith('/ws/')) {
      url = new URL(body.ws_path, location.href);
    } else if (typeof body?.ticket === 'string') url.searchParams.set('ticket', body.ticket);
  } catch (error) {
    if (!(error instanceof ApiFailure && (error.status === 404 || error.status === 405))) {
      throw error;
    }
  }
  if (resume) {
    url.searchParams.set('stream_id', resume.streamId);
    url.searchParams.set('last_chunk_index', String(resume.lastChunkIndex));
  }
  return wsUrl(url);
}

/** @param {URL} url an http(s) URL on this origin → its ws(s) twin */
function wsUrl(url) {
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * Any error as a code and a sentence a person can act on (the request id included, so a
 * support question can point at the server's log line).
 * @param {unknown} error
 * @returns {{code: string, detail: string}}
 */
export function errorParts(error) {
  if (error instanceof ApiFailure) {
    const id = error.requestId ? ` (request ${error.requestId})` : '';
    return { code: error.code, detail: `${error.message}${id}` };
  }
  if (error instanceof DOMException && error.name === 'NotAllowedError') {
    return {
      code: 'MIC_DENIED',
      detail: 'Microphone access was denied. Allow it in the browser and try again.',
    };
  }
  if (error instanceof DOMException && error.name === 'NotFoundError') {
    return { code: 'NO_MIC', detail: 'No microphone was found.' };
  }
  if (error instanceof DOMException && error.name === 'EncodingError') {
    return { code: 'UNDECODABLE', detail: 'The browser could not decode this audio file.' };
  }
  return { code: 'ERROR', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * One readable line for any error.
 * @param {unknown} error
 * @returns {string}
 */
export function describeError(error) {
  const { code, detail } = errorParts(error);
  return `${code}: ${detail}`;
}

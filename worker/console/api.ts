/**
 * Talking to the API: the optional API key, REST calls with bounded time, the error
 * envelope, and the one-time ticket a browser socket authenticates with.
 */

const KEY_STORAGE = 'callshield.api_key';
const TICKET_PATH = '/api/streams/ticket';

/** Thrown for any failed call; `message` is already fit to show a person. */
export class ApiFailure extends Error {
  /** The envelope's code, or ours: `HTTP_<status>`, `NETWORK`, `TIMEOUT`. */
  readonly code: string;
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly requestId: string | null;

  constructor(message: string, info: { code?: string; status?: number; requestId?: string } = {}) {
    super(message);
    this.name = 'ApiFailure';
    this.code = info.code ?? 'ERROR';
    this.status = info.status ?? 0;
    this.requestId = info.requestId ?? null;
  }
}

/** A JSON object (not null, not an array): what the checks below read fields of. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** The API key kept for this tab, if any. */
export function getApiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Stores (or, when empty, forgets) the key for this tab. */
export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** Listeners told when the server says a key is needed, so the page can ask for one. */
const authListeners = new Set<() => void>();

/** Calls `listener` whenever the server refuses a request for want of a valid key. */
export function onAuthRequired(listener: () => void): void {
  authListeners.add(listener);
}

/**
 * Calls the API and returns its JSON (unchecked: the caller narrows it), or throws an
 * ApiFailure carrying the envelope's code.
 */
export async function apiFetch(
  path: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<unknown> {
  const { timeoutMs = 30_000, headers, ...rest } = init;
  const sent = new Headers({ Accept: 'application/json' });
  const key = getApiKey();
  if (key) sent.set('X-API-Key', key);
  for (const [name, value] of new Headers(headers)) sent.set(name, value);
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: sent,
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
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const failure = failureOf(response.status, body);
  // CallShield's paths answer a refused key with 403 (invalid_api_key), whose top-level code
  // is still ours (UNAUTHORIZED): ask for a key then too.
  if (response.status === 401 || failure.code === 'UNAUTHORIZED')
    for (const listener of authListeners) listener();
  throw failure;
}

/**
 * Reads our envelope `{error:{code,message,request_id}}`, or the CallShield shapes the
 * `/analyze/*` paths answer with (`{detail:{error,detail}}`, FastAPI's `{detail:[…]}` for
 * 422, `{error:"rate_limit_exceeded"}`), which carry our `code`, `message` and `request_id`
 * at the top level.
 */
export function failureOf(status: number, body: unknown): ApiFailure {
  const b = isRecord(body) ? body : {};
  const envelope = isRecord(b.error) ? b.error : b;
  const detail = b.detail;
  const first: unknown = Array.isArray(detail) ? detail[0] : undefined;
  const message =
    text(envelope.message) ??
    (isRecord(detail) ? text(detail.detail) : undefined) ??
    (isRecord(first) ? text(first.msg) : undefined) ??
    text(detail) ??
    (status === 401 ? 'An API key is required.' : `The server answered HTTP ${status}.`);
  return new ApiFailure(message, {
    code: text(envelope.code) ?? `HTTP_${status}`,
    status,
    requestId: text(envelope.request_id),
  });
}

/** Whether the server answers its health check; never throws. */
export async function checkHealth(): Promise<boolean> {
  try {
    await apiFetch('/api/health', { timeoutMs: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The URL to open the stream socket on. Browsers cannot set headers on a WebSocket, so the
 * key (if any) is first traded for a one-time ticket. Asking even without a key lets a server
 * that needs one say so with a 401 (which opens the key dialog) instead of a bare failed
 * upgrade; a server without the ticket route is simply open.
 * @param resume reconnect to this stream: the ticket is asked for it (tickets are single-use,
 *   so every connection needs its own) and the server is told the last chunk the page has a
 *   result for
 */
export async function streamUrl(resume?: {
  streamId: string;
  lastChunkIndex: number;
}): Promise<string> {
  let url = new URL('/ws/stream', location.href);
  try {
    const ticket = await apiFetch(TICKET_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(resume ? { stream_id: resume.streamId } : {}),
      timeoutMs: 10_000,
    });
    // The StreamTicket of worker/routes/streams.ts: `ws_path` already carries the ticket.
    if (isRecord(ticket) && typeof ticket.ws_path === 'string' && ticket.ws_path.startsWith('/ws/'))
      url = new URL(ticket.ws_path, location.href);
    else if (isRecord(ticket) && typeof ticket.ticket === 'string')
      url.searchParams.set('ticket', ticket.ticket);
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

/** An http(s) URL on this origin → its ws(s) twin. */
function wsUrl(url: URL): string {
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * Any error as a code and a sentence a person can act on (the request id included, so a
 * support question can point at the server's log line).
 */
export function errorParts(error: unknown): { code: string; detail: string } {
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

/** One readable line for any error. */
export function describeError(error: unknown): string {
  const { code, detail } = errorParts(error);
  return `${code}: ${detail}`;
}

/**
 * The workspace's session and API client: the credential (a member's access token or an API
 * key, kept for this tab), the organisation it acts for (`x-orgid`), JSON calls with bounded
 * time, and uploads with progress (XMLHttpRequest: fetch reports no upload progress).
 */
import { ApiFailure } from '../api.js';

const TOKEN = 'callshield.workspace.token';
const ORG = 'callshield.workspace.org';

export const session = {
  /** @returns {string | null} */
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  /** @returns {string | null} */
  get org() {
    return sessionStorage.getItem(ORG);
  },
  /** @param {string | null} token @param {string | null} org */
  set(token, org) {
    for (const [key, value] of [
      [TOKEN, token],
      [ORG, org],
    ]) {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    }
  },
};

function headers() {
  /** @type {Record<string, string>} */
  const out = { Accept: 'application/json' };
  if (session.token) out.Authorization = `Bearer ${session.token}`;
  if (session.org) out['x-orgid'] = session.org;
  return out;
}

/**
 * Reads the error envelope into an ApiFailure.
 * @param {number} status
 * @param {any} body
 */
function failure(status, body) {
  const message = body?.error?.message ?? body?.detail ?? `The server answered HTTP ${status}.`;
  return new ApiFailure(message, {
    code: body?.error?.code ?? `HTTP_${status}`,
    status,
    requestId: body?.error?.request_id,
  });
}

/**
 * Calls the API as the signed-in member; JSON body in, JSON out.
 * @param {string} path
 * @param {{method?: string, body?: unknown, timeoutMs?: number}} [init]
 * @returns {Promise<any>}
 */
export async function call(path, init = {}) {
  const { method = init.body === undefined ? 'GET' : 'POST', body, timeoutMs = 30_000 } = init;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers:
        body === undefined ? headers() : { ...headers(), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new ApiFailure('Could not reach the server.', { code: 'NETWORK' });
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) throw failure(res.status, json);
  return json;
}

/**
 * Sends a body with progress reports (0–1). `withSession`: the API's credentials and
 * organisation go along (not for a presigned URL, which is its own permission).
 * @param {{method: string, url: string, body: Blob | FormData, headers?: Record<string, string>,
 *   withSession?: boolean, onProgress: (fraction: number) => void}} options
 * @returns {Promise<any>}
 */
export function send(options) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method, options.url);
    const all = { ...(options.withSession ? headers() : {}), ...options.headers };
    for (const [name, value] of Object.entries(all)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // A storage service may answer XML or nothing; only the status matters then.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress(1);
        resolve(body);
      } else reject(failure(xhr.status, body));
    });
    xhr.addEventListener('error', () =>
      reject(new ApiFailure('The upload was interrupted.', { code: 'NETWORK' })),
    );
    xhr.send(options.body);
  });
}

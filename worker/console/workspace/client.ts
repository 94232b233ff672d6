/**
 * The workspace's session and API client: the credential (a member's access token or an API
 * key, kept for this tab), the organisation it acts for (`x-orgid`), JSON calls with bounded
 * time whose answers are checked (responses.ts), and uploads with progress (XMLHttpRequest:
 * fetch reports no upload progress).
 */
import type { z } from 'zod';
import { ApiFailure, failureOf } from '../api';
import { firstIssue } from '../schema-issue';

const TOKEN = 'callshield.workspace.token';
const ORG = 'callshield.workspace.org';

/** The signed-in credential and organisation, kept for this tab. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN);
  },
  get org(): string | null {
    return sessionStorage.getItem(ORG);
  },
  set(token: string | null, org: string | null): void {
    for (const [key, value] of [
      [TOKEN, token],
      [ORG, org],
    ] as const) {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    }
  },
};

function headers(): Record<string, string> {
  const out: Record<string, string> = { Accept: 'application/json' };
  if (session.token) out.Authorization = `Bearer ${session.token}`;
  if (session.org) out['x-orgid'] = session.org;
  return out;
}

/** `body` checked against `view`; an answer of another shape is a failure like any other. */
export function readAs<T>(view: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = view.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ApiFailure(
    `The server's answer to ${what} could not be read (${firstIssue(parsed.error)}).`,
    {
      code: 'BAD_RESPONSE',
    },
  );
}

/**
 * Calls the API as the signed-in member (JSON body in, JSON out) and checks the answer
 * against `view`.
 */
export async function call<T>(
  view: z.ZodType<T>,
  path: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const { method = init.body === undefined ? 'GET' : 'POST', body, timeoutMs = 30_000 } = init;
  let res: Response;
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
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw failureOf(res.status, json);
  return readAs(view, json, `${method} ${path}`);
}

/** What `send` needs. */
export interface SendOptions {
  method: string;
  url: string;
  body: Blob | FormData;
  headers?: Record<string, string>;
  /** The API's credentials and organisation go along (not for a presigned URL, which is its own permission). */
  withSession?: boolean;
  /** Called with the fraction sent, 0–1. */
  onProgress: (fraction: number) => void;
}

/** Sends a body with progress reports; resolves with the answer's JSON (null if none). */
export function send(options: SendOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method, options.url);
    const all = { ...(options.withSession ? headers() : {}), ...options.headers };
    for (const [name, value] of Object.entries(all)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // A storage service may answer XML or nothing; only the status matters then.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress(1);
        resolve(body);
      } else reject(failureOf(xhr.status, body));
    });
    xhr.addEventListener('error', () =>
      reject(new ApiFailure('The upload was interrupted.', { code: 'NETWORK' })),
    );
    xhr.send(options.body);
  });
}

/**
 * One HTTP attempt to deliver a webhook, bounded in time and in what it reads back, and what
 * its answer means for the delivery.
 */
import { parseRetryAfter } from './schedule';

/** An attempt reads at most this much of the answer (enough for an error page's gist). */
export const MAX_RESPONSE_BYTES = 16 * 1024;
/** The delivery log keeps this many characters of it. */
export const EXCERPT_CHARS = 1024;
export const USER_AGENT = 'CallShield-Webhooks/1';

/** What one attempt came to. */
export interface AttemptResult {
  /** The HTTP status, or null when none came back (timeout, connection failure, not sent). */
  statusCode: number | null;
  latencyMs: number;
  /** Why it did not succeed (`HTTP 503`, `timed out after 10 s` …); null on a 2xx. */
  error: string | null;
  /** The start of the answer's body, as text. */
  excerpt: string | null;
  /** Seconds the endpoint asked us to wait (429/503 `Retry-After`). */
  retryAfterS: number | null;
}

/**
 * - `succeeded`: a 2xx.
 * - `retry`: worth trying again later: a timeout, a connection failure, 429 or a 5xx.
 * - `gone`: 410: the endpoint asks never to be called again (the integration is disabled).
 * - `failed`: anything else (another 4xx, a redirect, a URL the policy refuses): retrying
 *   would get the same answer.
 */
export type AttemptVerdict = 'succeeded' | 'retry' | 'gone' | 'failed';

/** What an attempt's result means for its delivery. */
export function judge(result: AttemptResult, sent: boolean): AttemptVerdict {
  const status = result.statusCode;
  if (status === null) return sent ? 'retry' : 'failed';
  if (status >= 200 && status < 300) return 'succeeded';
  if (status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** The answer's first bytes as printable text (bounded: the rest is never read). */
async function readExcerpt(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(Math.min(total, MAX_RESPONSE_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    const room = bytes.byteLength - offset;
    if (room <= 0) break;
    bytes.set(chunk.subarray(0, room), offset);
    offset += Math.min(room, chunk.byteLength);
  }
  return new TextDecoder()
    .decode(bytes)
    .replace(/[^\P{C}\n\t]/gu, '')
    .trim()
    .slice(0, EXCERPT_CHARS);
}

function describeStatus(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return `HTTP ${status} (redirects are not followed)`;
  return `HTTP ${status}`;
}

/**
 * POSTs `body` to `url` once. Everything (connecting, sending, reading the answer) must finish
 * within `timeoutMs`; redirects are returned, never followed. Never throws.
 */
export async function sendAttempt(
  request: { url: string; headers: Record<string, string>; body: string },
  options: { timeoutMs: number; now: () => number },
): Promise<AttemptResult> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const excerpt = await readExcerpt(res.body);
    return {
      statusCode: res.status,
      latencyMs: elapsed(),
      error: describeStatus(res.status),
      excerpt: excerpt || null,
      retryAfterS:
        res.status === 429 || res.status === 503
          ? parseRetryAfter(res.headers.get('retry-after'), options.now())
          : null,
    };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    return {
      statusCode: null,
      latencyMs: elapsed(),
      error: timedOut ? `timed out after ${options.timeoutMs} ms` : `connection failed: ${detail}`,
      excerpt: null,
      retryAfterS: null,
    };
  } finally {
    clearTimeout(timer);
  }
}

import {
  type HealthResponse,
  HealthResponseSchema,
  type ProcessResponse,
  ProcessResponseSchema,
  SidecarErrorBodySchema,
  type SidecarErrorCode,
  SPEAK_CONTENT_TYPE,
} from '#core/schemas/sidecar-protocol';
import { createSidecarPool } from './sidecar-pool';

/**
 * The one way the Worker and the CallSession Durable Object reach the media sidecar. In
 * production that is a pool of Cloudflare Container instances behind the `MEDIA_SIDECAR`
 * binding; locally one or more plain processes (`SIDECAR_URL`, `SIDECAR_URLS`). Both go through
 * the same pool (sidecar-pool.ts; built by sidecar-for.ts), so callers never know which, or
 * how many.
 */

/** Parameters the Worker sends with audio (see the sidecar protocol). */
export interface ProcessRequest {
  format?: 'auto' | 'mulaw' | 'alaw' | 's16le';
  sample_rate?: number;
  channels?: number;
  transcribe?: boolean;
  trim?: boolean;
  /** Live chunks: how much of the body is earlier call audio decoded as context. */
  context_ms?: number;
  upload_url?: string;
  /** GET the audio from here (a presigned URL) instead of the request body. */
  source_url?: string;
  /** The sidecar's own time limit for this request (background jobs need more than its default). */
  timeout_ms?: number;
}

/**
 * Codes of a failed sidecar call: the sidecar's own (from its error envelope), or what the
 * client saw when there was no envelope to read.
 */
export type SidecarCallCode =
  | SidecarErrorCode
  | 'UNREACHABLE'
  | 'BAD_RESPONSE'
  | 'SIDECAR_NOT_CONFIGURED';

/**
 * A failed call to the sidecar, as the Worker and Durable Object see it, with whether
 * retrying later can help. (The sidecar's own error type is `SidecarError` in sidecar/src.)
 */
export class SidecarCallError extends Error {
  override name = 'SidecarCallError';
  constructor(
    readonly code: SidecarCallCode,
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** How one `process` call is made. */
export interface ProcessOptions {
  /** The whole call's time limit, retries on other instances included. */
  timeoutMs?: number;
  /**
   * Affinity: requests with the same key (a call's id) go to the same instance of the pool
   * while it answers. Without one, requests spread over the pool.
   */
  key?: string;
}

export interface SidecarClient {
  /** Processes `audio`, or (null) the file at `request.source_url`. */
  process(
    audio: Uint8Array | null,
    request: ProcessRequest,
    options?: ProcessOptions,
  ): Promise<ProcessResponse>;
  /** The sidecar's `/healthz` (engines, queue); throws SidecarCallError when it can't be read. */
  health(options?: { timeoutMs?: number }): Promise<HealthResponse>;
  /** `text` spoken as 8 kHz µ-law (`/v1/speak`), for a warning played into a phone call. */
  speak(text: string, options?: { timeoutMs?: number }): Promise<Uint8Array>;
}

type Transport = (request: Request) => Promise<Response>;

const DEFAULT_TIMEOUT_MS = 60_000;

/** The name of the `index`-th instance of the pool (a container's Durable Object name). */
export function poolInstanceName(index: number): string {
  return `sidecar-${index}`;
}

/**
 * The pool over local sidecar processes (`SIDECAR_URL`, `SIDECAR_URLS`): the same routing as
 * the container instances (sidecar-for.ts), under the same names, so the `i`-th process gets
 * the calls the `i`-th container would.
 */
export function localSidecarPool(urls: readonly string[], secret?: string): SidecarClient {
  return createSidecarPool(
    urls.map((url, i) => ({
      name: poolInstanceName(i),
      client: createSidecarClient(url, (req) => fetch(req), secret),
    })),
  );
}

/** The client for a deployment with no sidecar: every call fails, not retryable. */
export function noSidecar(): SidecarClient {
  const notConfigured = async (): Promise<never> => {
    throw new SidecarCallError(
      'SIDECAR_NOT_CONFIGURED',
      'no media sidecar is configured',
      503,
      false,
    );
  };
  return { process: notConfigured, health: notConfigured, speak: notConfigured };
}

/** A client over any transport; exported for tests that point it at a loopback server. */
export function createSidecarClient(
  base: string,
  transport: Transport,
  secret?: string,
): SidecarClient {
  return {
    async health(options = {}) {
      let res: Response;
      try {
        res = await transport(
          new Request(`${base}/healthz`, {
            signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
          }),
        );
      } catch {
        throw new SidecarCallError('UNREACHABLE', 'media sidecar is unreachable', 503, true);
      }
      const parsed = HealthResponseSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success)
        throw new SidecarCallError(
          'BAD_RESPONSE',
          `sidecar health answered ${res.status}`,
          502,
          true,
        );
      return parsed.data;
    },
    async process(audio, request, options = {}) {
      const url = new URL(`${base}/v1/process`);
      const headers = new Headers();
      if (audio) headers.set('Content-Type', 'application/octet-stream');
      for (const [key, value] of Object.entries(request)) {
        if (value === undefined) continue;
        // Presigned URLs are long and full of reserved characters: they travel as headers.
        if (key === 'upload_url' || key === 'source_url')
          headers.set(`X-${key === 'upload_url' ? 'Upload' : 'Source'}-Url`, String(value));
        else url.searchParams.set(key, String(value));
      }
      if (secret) headers.set('X-Sidecar-Secret', secret);
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let res: Response;
      try {
        res = await transport(
          new Request(url, {
            method: 'POST',
            headers,
            // workerd's and the DOM's BodyInit differ on the buffer type; both take bytes.
            body: (audio ?? undefined) as BodyInit | undefined,
            signal: AbortSignal.timeout(timeoutMs),
          }),
        );
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw timedOut
          ? new SidecarCallError(
              'TIMEOUT',
              `sidecar did not answer within ${timeoutMs} ms`,
              504,
              true,
            )
          : new SidecarCallError('UNREACHABLE', 'media sidecar is unreachable', 503, true);
      }
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const parsed = SidecarErrorBodySchema.safeParse(body);
        if (parsed.success) {
          const { code, message, retryable } = parsed.data.error;
          throw new SidecarCallError(code, message, res.status, retryable);
        }
        throw new SidecarCallError(
          'BAD_RESPONSE',
          `sidecar answered ${res.status}`,
          res.status,
          res.status >= 500,
        );
      }
      const parsed = ProcessResponseSchema.safeParse(body);
      if (!parsed.success)
        throw new SidecarCallError(
          'BAD_RESPONSE',
          'sidecar answered an unexpected shape',
          502,
          false,
        );
      return parsed.data;
    },

    async speak(text, options = {}) {
      const headers = new Headers({ 'Content-Type': 'application/json' });
      if (secret) headers.set('X-Sidecar-Secret', secret);
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let res: Response;
      try {
        res = await transport(
          new Request(`${base}/v1/speak`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ text }),
            signal: AbortSignal.timeout(timeoutMs),
          }),
        );
      } catch {
        throw new SidecarCallError('UNREACHABLE', 'media sidecar is unreachable', 503, true);
      }
      if (!res.ok || res.headers.get('Content-Type') !== SPEAK_CONTENT_TYPE)
        throw new SidecarCallError(
          'BAD_RESPONSE',
          `sidecar answered ${res.status}`,
          res.status,
          res.status >= 500,
        );
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/**
 * Calls the sidecar, retrying retryable failures while the time budget lasts (at most
 * `attempts` tries, with a short back-off).
 */
export async function processWithRetry(
  client: SidecarClient,
  audio: Uint8Array | null,
  request: ProcessRequest,
  budget: { attempts: number; totalMs: number; key?: string },
): Promise<ProcessResponse> {
  const deadline = Date.now() + budget.totalMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= budget.attempts; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      return await client.process(audio, request, {
        timeoutMs: remaining,
        ...(budget.key === undefined ? {} : { key: budget.key }),
      });
    } catch (error) {
      lastError = error;
      if (!(error instanceof SidecarCallError) || !error.retryable || attempt === budget.attempts)
        break;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(250 * attempt, Math.max(0, deadline - Date.now()))),
      );
    }
  }
  throw lastError instanceof Error
    ? lastError
    : new SidecarCallError('TIMEOUT', 'sidecar time budget spent', 504, true);
}

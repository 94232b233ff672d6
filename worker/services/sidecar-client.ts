import { getContainer } from '@cloudflare/containers';
import {
  type HealthResponse,
  HealthResponseSchema,
  type ProcessResponse,
  ProcessResponseSchema,
  SidecarErrorBodySchema,
  type SidecarErrorCode,
  SPEAK_CONTENT_TYPE,
} from '#core/schemas/sidecar-protocol';
import type { AppConfig } from '../config';

/**
 * The one way the Worker and the CallSession Durable Object reach the media sidecar. In
 * production that is the Cloudflare Container behind the `MEDIA_SIDECAR` binding; locally it
 * is a plain process at `SIDECAR_URL`. Callers never know which.
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

export interface SidecarClient {
  /** Processes `audio`, or (null) the file at `request.source_url`. */
  process(
    audio: Uint8Array | null,
    request: ProcessRequest,
    options?: { timeoutMs?: number },
  ): Promise<ProcessResponse>;
  /** The sidecar's `/healthz` (engines, queue); throws SidecarCallError when it can't be read. */
  health(options?: { timeoutMs?: number }): Promise<HealthResponse>;
  /** `text` spoken as 8 kHz µ-law (`/v1/speak`), for a warning played into a phone call. */
  speak(text: string, options?: { timeoutMs?: number }): Promise<Uint8Array>;
}

type Transport = (request: Request) => Promise<Response>;

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Builds the client from the configuration: `SIDECAR_URL` when set (local), else the
 * container binding (production).
 */
export function sidecarClientFor(
  config: AppConfig['sidecar'],
  container: DurableObjectNamespace | undefined,
): SidecarClient {
  if (config.url) return createSidecarClient(config.url, (req) => fetch(req), config.secret);
  if (container) {
    const namespace = container as Parameters<typeof getContainer>[0];
    return createSidecarClient(
      'http://sidecar',
      (req) => getContainer(namespace).fetch(req),
      config.secret,
    );
  }
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
            body: audio ?? undefined,
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
  budget: { attempts: number; totalMs: number },
): Promise<ProcessResponse> {
  const deadline = Date.now() + budget.totalMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= budget.attempts; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      return await client.process(audio, request, { timeoutMs: remaining });
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

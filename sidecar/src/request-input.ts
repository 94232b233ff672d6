/**
 * Reading a request's audio body (bounded, streamed) and its parameters (query or headers).
 */
import {
  PROCESS_PARAM_NAMES,
  type ProcessParams,
  ProcessParamsSchema,
} from '#core/schemas/sidecar-protocol';
import { SidecarError } from './errors';

/**
 * Reads the body into memory, refusing more than `maxBytes` without buffering it all: the
 * declared Content-Length is checked first, then the running total while streaming.
 */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new SidecarError('PAYLOAD_TOO_LARGE', `Body exceeds the limit of ${maxBytes} bytes`);
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body)
    throw new SidecarError('EMPTY_BODY', 'The request body is empty; send audio bytes');
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (total === 0)
    throw new SidecarError('EMPTY_BODY', 'The request body is empty; send audio bytes');
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * Collects parameters from the query string, or from `x-<name>` headers (underscores as
 * dashes) for values too long or sensitive for a URL, and validates them.
 */
export function readParams(url: URL, headers: Headers): ProcessParams {
  const raw: Record<string, string> = {};
  for (const name of PROCESS_PARAM_NAMES) {
    const value = url.searchParams.get(name) ?? headers.get(`x-${name.replaceAll('_', '-')}`);
    if (value !== null) raw[name] = value;
  }
  const parsed = ProcessParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'params'}: ${i.message}`)
      .join('; ');
    throw new SidecarError('INVALID_PARAMS', `Invalid parameters — ${detail}`);
  }
  return parsed.data;
}

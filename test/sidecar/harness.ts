/**
 * In-process sidecar for tests: real config parsing, real ffmpeg/pocketsphinx, silent logs.
 * Responses are validated against the shared protocol schemas, so every test also checks
 * the wire contract.
 */

import {
  type ProcessResponse,
  ProcessResponseSchema,
  type SidecarErrorBody,
  SidecarErrorBodySchema,
} from '#core/schemas/sidecar-protocol';
import { createApp, type Sidecar, type SidecarDeps } from '../../sidecar/src/app';
import { loadConfig } from '../../sidecar/src/config';
import { silentLogger } from '../../sidecar/src/log';

/** Builds a sidecar from env-style overrides; pocketsphinx only unless told otherwise. */
export async function testSidecar(
  env: Record<string, string> = {},
  deps: SidecarDeps = {},
): Promise<Sidecar> {
  const config = loadConfig({ ASR_ENGINES: 'pocketsphinx', ...env });
  const sidecar = createApp(config, { logger: silentLogger, ...deps });
  await sidecar.enginesSettled;
  return sidecar;
}

/** POSTs audio bytes to /v1/process in-process. */
export async function post(
  sidecar: Sidecar,
  body: Uint8Array | string | null,
  query = '',
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers };
  if (body !== null) init.body = typeof body === 'string' ? body : Buffer.from(body);
  return sidecar.app.fetch(new Request(`http://127.0.0.1/v1/process${query}`, init));
}

/** Parses and validates a success body (fails the test with the envelope otherwise). */
export async function okJson(res: Response): Promise<ProcessResponse> {
  const body: unknown = await res.json();
  if (res.status !== 200)
    throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(body)}`);
  return ProcessResponseSchema.parse(body);
}

/** Parses and validates an error envelope. */
export async function errorJson(res: Response): Promise<SidecarErrorBody['error']> {
  return SidecarErrorBodySchema.parse(await res.json()).error;
}

import { withoutBlanks } from '#core/config/env';
import {
  SIDECAR_OPERATOR_SETTINGS,
  SIDECAR_SETTINGS,
  workerVariableFor,
} from '#core/schemas/sidecar-settings';

/** The port the sidecar listens on inside its container (the image's `EXPOSE`). */
export const SIDECAR_CONTAINER_PORT = 8788;

/** How long the sidecar may take to load Whisper when the operator does not say. */
const DEFAULT_WHISPER_LOAD_TIMEOUT_MS = Number(
  SIDECAR_SETTINGS.WHISPER_LOAD_TIMEOUT_MS.spec.default,
);
/** Node's own start, ffmpeg and pocketsphinx checks, on top of Whisper's load. */
const START_OVERHEAD_MS = 30_000;

/**
 * The container's environment, built from the Worker's: `SIDECAR_SECRET` as it is, and each
 * operator setting `SIDECAR_<NAME>` as `<NAME>` (see core/schemas/sidecar-settings.ts). Unset
 * or blank variables are left out, so the image's defaults apply. The sidecar listens on every
 * interface inside the container; the Container class is the only way in.
 *
 * Without `SIDECAR_SECRET` the container refuses to start (the image runs with
 * `NODE_ENV=production`), so a missing secret is a loud start failure, never an open sidecar.
 * The values were checked when the Worker started (worker/config/ validates every
 * `SIDECAR_<NAME>` with the sidecar's own parser), so they are passed on as written.
 */
export function containerEnv(env: object): Record<string, string> {
  const names = ['SIDECAR_SECRET', ...SIDECAR_OPERATOR_SETTINGS.map(workerVariableFor)];
  const vars = withoutBlanks(env as Record<string, unknown>, names);
  const out: Record<string, string> = {
    SIDECAR_HOST: '0.0.0.0',
    SIDECAR_PORT: String(SIDECAR_CONTAINER_PORT),
  };
  if (vars.SIDECAR_SECRET) out.SIDECAR_SECRET = vars.SIDECAR_SECRET;
  for (const setting of SIDECAR_OPERATOR_SETTINGS) {
    const value = vars[workerVariableFor(setting)];
    if (value !== undefined) out[setting] = value;
  }
  return out;
}

/**
 * How long a cold start may take before the first request gives up: the sidecar opens its
 * port only after its engines have loaded, and Whisper's load is bounded by its own
 * `WHISPER_LOAD_TIMEOUT_MS`, so wait for that plus the process's start.
 */
export function readyTimeoutMs(containerVars: Record<string, string>): number {
  const load = Number(containerVars.WHISPER_LOAD_TIMEOUT_MS);
  return (
    (Number.isFinite(load) && load > 0 ? load : DEFAULT_WHISPER_LOAD_TIMEOUT_MS) + START_OVERHEAD_MS
  );
}

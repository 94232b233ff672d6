/** Locates executables once at start, so a missing tool is reported by /healthz, not per request. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where a tool was found, or why it wasn't. */
export interface BinaryInfo {
  path: string | null;
  error?: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves `name` on PATH, or validates an explicit `override` (from e.g. FFMPEG_PATH) which
 * must be an absolute path to an executable file.
 */
export function resolveBinary(
  name: string,
  override: string | undefined,
  envVar: string,
  pathEnv = process.env.PATH ?? '',
): BinaryInfo {
  if (override !== undefined) {
    if (!isAbsolute(override)) return { path: null, error: `${envVar} must be an absolute path` };
    return isExecutable(override)
      ? { path: override }
      : { path: null, error: `${envVar}=${override} is not an executable file` };
  }
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return { path: candidate };
  }
  return { path: null, error: `${name} not found on PATH (install it or set ${envVar})` };
}

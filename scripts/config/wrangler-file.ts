import { resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';

/** The repository's wrangler.toml. */
export const WRANGLER_TOML = resolve(import.meta.dirname, '../../wrangler.toml');

/** What the configuration tools need from a wrangler config file. */
export interface WranglerFile {
  /** The Worker's name (whose secrets `wrangler secret list` lists). */
  name: string;
  /** Its top-level `[vars]`, as strings (the Worker sees typed values; the schema reads strings). */
  vars: Record<string, string>;
}

/**
 * Reads a wrangler config file with wrangler's own reader (the one `wrangler deploy` uses), at
 * its top level: the production profile (there are no named environments).
 */
export function readWranglerFile(path = WRANGLER_TOML): WranglerFile {
  const config = unstable_readConfig({ config: path });
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.vars ?? {}))
    vars[name] = typeof value === 'string' ? value : JSON.stringify(value);
  if (!config.name) throw new Error(`${path} has no Worker name`);
  return { name: config.name, vars };
}

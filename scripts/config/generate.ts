import { renderEnvTypes, renderReference } from './render';
import { readWranglerFile } from './wrangler-file';

/**
 * The files generated from the configuration schema, by path from the repository root, as
 * they should read now (`npm run config:docs` writes them; a test compares).
 */
export function generatedFiles(): Record<string, string> {
  const input = { productionVars: readWranglerFile().vars };
  return {
    'docs/configuration.md': renderReference(input),
    'worker/config/env.d.ts': renderEnvTypes(input),
  };
}

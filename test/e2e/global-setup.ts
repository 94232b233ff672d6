import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../scripts/stack/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    sidecarUrl: string;
    sidecarSecret: string;
    /** The Worker's STORAGE_SIGNING_SECRET, so tests can sign a URL to read a stored object. */
    storageSigningSecret: string;
  }
}

/**
 * Starts the real local stack (media sidecar + wrangler dev) once for the e2e project, on
 * ports apart from `npm start`'s so a running dev stack doesn't interfere.
 */
export default async function setup(project: TestProject) {
  const storageSigningSecret = randomBytes(32).toString('hex');
  const stack = await startStack({
    vars: { STORAGE_SIGNING_SECRET: storageSigningSecret },
    port: Number(process.env.E2E_PORT ?? 8807),
    sidecarPort: Number(process.env.E2E_SIDECAR_PORT ?? 8808),
    persistTo: '.wrangler/e2e-state',
    echo: process.env.E2E_ECHO === '1',
  });
  project.provide('workerUrl', stack.workerUrl);
  project.provide('sidecarUrl', stack.sidecarUrl);
  project.provide('sidecarSecret', stack.sidecarSecret);
  project.provide('storageSigningSecret', storageSigningSecret);
  return async () => {
    await stack.stop();
  };
}

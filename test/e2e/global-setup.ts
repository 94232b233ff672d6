import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSeededStack } from '../../scripts/stack/dev-stack';
import type { DevCredentials } from '../../scripts/stack/supabase/seed';
import { tempDir } from '../db/supabase-setup';
import { startSupabaseControl } from '../fixtures/supabase-control';
import { RECEIVER_PORTS } from '../receiver-ports';
import { E2E_SUPABASE } from '../supabase-ports';

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    sidecarUrl: string;
    sidecarSecret: string;
    /** The Worker's STORAGE_SIGNING_SECRET, so tests can sign a URL to read a stored object. */
    storageSigningSecret: string;
    /** What `npm start` writes to `.local/dev-credentials.json`, for this stack. */
    devCredentials: DevCredentials;
    /**
     * Stops and starts the stack's Postgres or PostgREST, and waits for Worker log lines
     * (test/fixtures/supabase-control.ts).
     */
    supabaseControlUrl: string;
  }
}

/**
 * Starts the real local stack once for the e2e project, the way `npm start` does (local
 * Supabase seeded with the dev organisation, media sidecar, wrangler dev with auth off and the
 * open caller acting for the dev organisation), on ports apart from `npm start`'s so a running
 * dev stack doesn't interfere. Supabase's data and wrangler's state live in a temporary folder.
 */
export default async function setup(project: TestProject) {
  const port = Number(process.env.E2E_PORT ?? 8807);
  const dir = await tempDir('callshield-e2e-');
  const storageSigningSecret = randomBytes(32).toString('hex');
  const { stack, credentials } = await startSeededStack({
    // The tests send bursts of analyses from one address: counted, never refused. Webhook
    // retries seconds apart, so the receiver-down test waits on wrangler dev's own queue (its
    // delaySeconds) without waiting minutes.
    vars: {
      STORAGE_SIGNING_SECRET: storageSigningSecret,
      RATE_LIMIT_TEXT: '100000/60',
      RATE_LIMIT_AUDIO: '100000/60',
      RATE_LIMIT_STREAMS: '100000/60',
      WEBHOOK_RETRY_SCHEDULE: '1s,1s,2s,2s,3s,3s,5s',
      // A phone call's audio may run 40 s ahead of the clock (10 s by default), so the Twilio
      // tests send the 31 s robocall at once instead of near real time.
      TWILIO_MEDIA_BURST_MS: '40000',
      // Twilio's REST API is a loopback stand-in (test/e2e/twilio.test.ts starts it).
      TWILIO_API_BASE_URL: `http://127.0.0.1:${RECEIVER_PORTS.twilioRest}`,
      TWILIO_REDIRECT_START_CALLS: 'true',
    },
    port,
    sidecarPort: Number(process.env.E2E_SIDECAR_PORT ?? 8808),
    // Wrangler's local Durable Objects, R2 and queue live with the throwaway database: each run
    // starts clean, and an interrupted one leaves nothing of them in the checkout.
    persistTo: resolve(dir, 'wrangler-state'),
    echo: process.env.E2E_ECHO === '1',
    supabase: {
      dir: resolve(dir, 'supabase'),
      port: E2E_SUPABASE.port,
      dbPort: E2E_SUPABASE.dbPort,
      postgrestPort: E2E_SUPABASE.postgrestPort,
      jwtSecret: E2E_SUPABASE.jwtSecret,
      throwaway: true,
    },
    credentialsPath: resolve(dir, 'dev-credentials.json'),
  });
  const supabase = stack.supabase!;
  const control = await startSupabaseControl(
    E2E_SUPABASE.controlPort,
    { main: async () => supabase },
    stack.worker,
    stack.sidecar,
  );
  project.provide('workerUrl', stack.workerUrl);
  project.provide('sidecarUrl', stack.sidecarUrl);
  project.provide('sidecarSecret', stack.sidecarSecret);
  project.provide('storageSigningSecret', storageSigningSecret);
  project.provide('devCredentials', credentials);
  project.provide('supabaseControlUrl', control.url);
  return async () => {
    await control.stop();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

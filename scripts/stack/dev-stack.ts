import type { Stack, StackOptions } from './stack';
import { startStack } from './stack';
import { DEV_ORG_ID, type DevCredentials, seedDev } from './supabase/seed';

/**
 * The stack as `npm start` runs it, also used by the e2e tests and the bench: a local Supabase
 * seeded with the dev organisation, its owner and an API key (written to `credentialsPath`)
 * before the Worker starts, and the Worker's open caller acting for that organisation while
 * auth is off, so what it analyses is stored there. Webhooks may go to local receivers
 * (`WEBHOOK_ALLOW_LOCAL_URLS=true`).
 */
export async function startSeededStack(
  options: StackOptions & {
    supabase: NonNullable<StackOptions['supabase']>;
    credentialsPath: string;
  },
): Promise<{ stack: Stack; credentials: DevCredentials }> {
  let credentials: DevCredentials | undefined;
  const stack = await startStack({
    ...options,
    onSupabase: async (supabase) => {
      credentials = await seedDev(supabase, {
        apiUrl: `http://127.0.0.1:${options.port}`,
        credentialsPath: options.credentialsPath,
      });
    },
    // Local development sends webhooks to local receivers (production refuses this).
    vars: { OPEN_ORG_ID: DEV_ORG_ID, WEBHOOK_ALLOW_LOCAL_URLS: 'true', ...options.vars },
  });
  if (!credentials) {
    await stack.stop();
    throw new Error('the dev organisation was not seeded');
  }
  return { stack, credentials };
}

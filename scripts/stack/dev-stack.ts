import { randomBytes } from 'node:crypto';
import type { Stack, StackOptions } from './stack';
import { startStack } from './stack';
import { DEV_ORG_ID, type DevCredentials, seedDev } from './supabase/seed';

/**
 * The stack as `npm start` runs it, also used by the e2e tests and the bench: a local Supabase
 * seeded with the dev organisation, its owner and an API key (written to `credentialsPath`)
 * before the Worker starts, and the Worker's open caller acting for that organisation while
 * auth is off, so what it analyses is stored there. The development profile (dev-profile.ts)
 * lets webhooks go to local receivers.
 */
export async function startSeededStack(
  options: StackOptions & {
    supabase: NonNullable<StackOptions['supabase']>;
    credentialsPath: string;
  },
): Promise<{ stack: Stack; credentials: DevCredentials }> {
  let credentials: DevCredentials | undefined;
  // The seeded Twilio auth token is sealed under this start's key (the Worker gets the same).
  const integrationSecretsKey =
    options.vars?.INTEGRATION_SECRETS_KEY ?? randomBytes(32).toString('hex');
  const stack = await startStack({
    ...options,
    onSupabase: async (supabase) => {
      credentials = await seedDev(supabase, {
        apiUrl: `http://127.0.0.1:${options.port}`,
        credentialsPath: options.credentialsPath,
        integrationSecretsKey,
      });
    },
    vars: {
      OPEN_ORG_ID: DEV_ORG_ID,
      INTEGRATION_SECRETS_KEY: integrationSecretsKey,
      ...options.vars,
    },
  });
  if (!credentials) {
    await stack.stop();
    throw new Error('the dev organisation was not seeded');
  }
  return { stack, credentials };
}

/**
 * `npm run bootstrap -- --email owner@example.com --org "Acme Fraud Team"`: first run on a
 * real Supabase project (migrations applied). Creates the organisation, makes the account with
 * that email its owner (inviting it through Supabase Auth when there is none: Supabase emails a
 * link to set a password), issues the first API key, and prints them. The key is printed this
 * once and stored only as a hash.
 *
 * Needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY. Options: --key-name (default "first key"),
 * --redirect-to URL (where the invitation lands; else the project's Site URL), --json.
 */
import { parseArgs } from 'node:util';
import { createClient } from '@supabase/supabase-js';
import { BootstrapRefused, type BootstrapResult, bootstrap } from './db/bootstrap';

const USAGE =
  'usage: npm run bootstrap -- --email OWNER_EMAIL --org "ORGANISATION NAME" [--key-name NAME] [--redirect-to URL] [--json]';

function render(result: BootstrapResult, supabaseUrl: string): string {
  const { organization, owner, apiKey } = result;
  return [
    `Set up on ${supabaseUrl}:`,
    '',
    `  organisation  ${organization.name}`,
    `                id ${organization.id}`,
    `  owner         ${owner.email} (id ${owner.id})`,
    owner.invited
      ? '                invited: Supabase Auth has emailed a link to set a password'
      : '                an existing account',
    `  API key       ${apiKey.key}`,
    `                "${apiKey.name}", id ${apiKey.id}`,
    '',
    'The API key is shown this once: only its SHA-256 is stored. Keep it where your client',
    'reads it (X-API-Key or Authorization: Bearer); revoke it in the console if it leaks.',
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      org: { type: 'string' },
      'key-name': { type: 'string', default: 'first key' },
      'redirect-to': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const url = process.env.SUPABASE_URL?.trim();
  const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY?.trim();
  const missing = [!url && 'SUPABASE_URL', !serviceKey && 'SUPABASE_SERVICE_ROLE_KEY'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    console.error(`${missing.join(' and ')} must be set (the project's URL and service-role key)`);
    return 2;
  }
  const email = values.email?.trim() ?? '';
  const org = values.org?.trim() ?? '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || org.length < 1 || org.length > 200) {
    console.error(`${USAGE}\n(--email must be an email address; --org 1 to 200 characters)`);
    return 2;
  }
  const supabase = createClient(url as string, serviceKey as string, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  try {
    const result = await bootstrap(supabase, {
      email,
      organization: org,
      keyName: values['key-name'],
      redirectTo: values['redirect-to'],
    });
    console.log(values.json ? JSON.stringify(result) : render(result, url as string));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return error instanceof BootstrapRefused ? 1 : 3;
  }
}

process.exitCode = await main();

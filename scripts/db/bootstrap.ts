/**
 * First run on a real Supabase project: the first organisation, its owner and its first API
 * key (`npm run bootstrap`, scripts/bootstrap.ts). Everything goes through Supabase's own APIs
 * with the service-role key: Auth's admin API finds the owner or invites them, and
 * `bootstrap_organization()` (a migration) creates the organisation, the membership and the
 * key's hash in one transaction.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { issueApiKey } from '../../worker/services/auth/api-key';

/** What to create. */
export interface BootstrapInput {
  email: string;
  organization: string;
  keyName: string;
  /** Where the invitation link lands (else the project's Site URL). */
  redirectTo?: string;
}

/** What was created. The key exists nowhere else: print it once. */
export interface BootstrapResult {
  organization: { id: string; name: string };
  owner: { id: string; email: string; invited: boolean };
  apiKey: { id: string; name: string; prefix: string; key: string };
}

/** A refusal the operator can act on (an existing organisation, a bad argument). */
export class BootstrapRefused extends Error {
  override name = 'BootstrapRefused';
}

const PER_PAGE = 1000;

/** Supabase Auth's admin API has no lookup by email: page through the users. */
async function findUserByEmail(supabase: SupabaseClient, email: string) {
  for (let page = 1; ; page++) {
    const { data, error } = await supabase.auth.admin.listUsers({ page, perPage: PER_PAGE });
    if (error) throw new Error(`Supabase Auth would not list users: ${error.message}`);
    const match = data.users.find((u) => u.email?.toLowerCase() === email);
    if (match) return match;
    if (data.users.length < PER_PAGE) return null;
  }
}

/** The organisation already named `name` (case and outer spaces aside), if any. */
async function existingOrganization(supabase: SupabaseClient, name: string) {
  const pattern = name.replace(/[\\%_]/g, (c) => `\\${c}`);
  const { data, error } = await supabase
    .from('organizations')
    .select('id, name')
    .ilike('name', pattern)
    .limit(1);
  if (error) throw new Error(`Could not read organizations: ${error.message}`);
  return data?.[0] as { id: string; name: string } | undefined;
}

/**
 * Creates the organisation, its owner (an existing account with this email, or one invited
 * now: Supabase emails the invitation) and its first API key. Refuses, before inviting anyone,
 * when an organisation of that name exists.
 */
export async function bootstrap(
  supabase: SupabaseClient,
  input: BootstrapInput,
): Promise<BootstrapResult> {
  const email = input.email.trim().toLowerCase();
  const name = input.organization.trim();
  const taken = await existingOrganization(supabase, name);
  if (taken) {
    throw new BootstrapRefused(
      `An organisation named "${taken.name}" already exists (id ${taken.id}); nothing was created. The bootstrap creates a first organisation once: add keys and members in the console or through /api/v1.`,
    );
  }

  let user = await findUserByEmail(supabase, email);
  let invited = false;
  if (!user) {
    const { data, error } = await supabase.auth.admin.inviteUserByEmail(email, {
      redirectTo: input.redirectTo,
    });
    if (error || !data.user) {
      throw new Error(`Supabase Auth would not invite ${email}: ${error?.message ?? 'no user'}`);
    }
    user = data.user;
    invited = true;
  }

  const issued = await issueApiKey();
  const { data, error } = await supabase.rpc('bootstrap_organization', {
    organization_name: name,
    owner_id: user.id,
    key_name: input.keyName,
    key_prefix: issued.prefix,
    key_hash: issued.hash,
  });
  if (error) {
    if (error.hint === 'organization_exists')
      throw new BootstrapRefused(`${error.message}; nothing was created.`);
    throw new Error(`bootstrap_organization failed: ${error.message}`);
  }
  const created = data as { organization_id: string; api_key_id: string };
  return {
    organization: { id: created.organization_id, name },
    owner: { id: user.id, email, invited },
    apiKey: { id: created.api_key_id, name: input.keyName, prefix: issued.prefix, key: issued.key },
  };
}

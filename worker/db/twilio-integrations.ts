import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { AlertLevelSchema } from '#core/schemas/call-alert';
import { run } from './client';

/**
 * `twilio_integrations`: an organisation's Twilio account (one each). Admins read it through
 * their own token, without the sealed auth token; the Worker writes it, and reads the sealed
 * token, with the service role only.
 */

/** E.164: a plus, then up to 15 digits. */
export const PhoneNumberSchema = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'expected an E.164 number such as +15005550006');

export const TwilioIntegrationSchema = z
  .object({
    id: z.uuid(),
    organization_id: z.uuid(),
    account_sid: z.string(),
    phone_numbers: z.array(z.string()),
    mode: z.enum(['start', 'connect']).meta({
      description:
        '`start`: the call goes on (to `forward_to`, or a message) while we listen; `connect`: the caller talks to us alone, so a spoken warning can be played.',
    }),
    forward_to: z.string().nullable(),
    warning_level: AlertLevelSchema.nullable().meta({
      description:
        'The alert level at which a `connect` call hears the spoken warning; null: never.',
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'TwilioIntegration' });
export type TwilioIntegration = z.infer<typeof TwilioIntegrationSchema>;

const COLUMNS = Object.keys(TwilioIntegrationSchema.shape).join(', ');

/** An integration with its sealed auth token (service role only). */
export type TwilioAccount = TwilioIntegration & { auth_token_sealed: string };
const AccountSchema = TwilioIntegrationSchema.extend({ auth_token_sealed: z.string() });

/** The organisation's Twilio integration as its admins see it; null when it has none. */
export function getTwilioIntegration(
  client: SupabaseClient,
  org: string,
): Promise<TwilioIntegration | null> {
  return run(
    client.from('twilio_integrations').select(COLUMNS).eq('organization_id', org).maybeSingle(),
    TwilioIntegrationSchema.nullable(),
  );
}

/** What an admin sets (the token already sealed). */
export interface TwilioIntegrationFields {
  account_sid: string;
  auth_token_sealed: string;
  phone_numbers: string[];
  mode: 'start' | 'connect';
  forward_to: string | null;
  warning_level: TwilioIntegration['warning_level'];
}

/** Creates or replaces the organisation's integration (service role). */
export function putTwilioIntegration(
  service: SupabaseClient,
  org: string,
  fields: TwilioIntegrationFields,
): Promise<TwilioIntegration> {
  return run(
    service
      .from('twilio_integrations')
      .upsert({ organization_id: org, ...fields }, { onConflict: 'organization_id' })
      .select(COLUMNS)
      .single(),
    TwilioIntegrationSchema,
  );
}

/** Removes it; false when there was none. */
export async function deleteTwilioIntegration(
  service: SupabaseClient,
  org: string,
): Promise<boolean> {
  const rows = await run(
    service.from('twilio_integrations').delete().eq('organization_id', org).select('id'),
    z.array(z.object({ id: z.uuid() })),
  );
  return rows.length > 0;
}

/** Other organisations' integrations that already cover any of `numbers`. */
export async function numbersTakenElsewhere(
  service: SupabaseClient,
  org: string,
  numbers: string[],
): Promise<string[]> {
  const rows = await run(
    service
      .from('twilio_integrations')
      .select('phone_numbers')
      .overlaps('phone_numbers', numbers)
      .neq('organization_id', org)
      .limit(10),
    z.array(z.object({ phone_numbers: z.array(z.string()) })),
  );
  const taken = new Set(rows.flatMap((r) => r.phone_numbers));
  return numbers.filter((n) => taken.has(n));
}

/** The account behind a called number (service role); null when no organisation has it. */
export async function accountForNumber(
  service: SupabaseClient,
  number: string,
): Promise<TwilioAccount | null> {
  const rows = await run(
    service
      .from('twilio_integrations')
      .select(`${COLUMNS}, auth_token_sealed`)
      .contains('phone_numbers', [number])
      .limit(2),
    z.array(AccountSchema),
  );
  // Numbers are kept unique across organisations; a second match would be ambiguous.
  return rows.length === 1 ? (rows[0] ?? null) : null;
}

/** The organisation's account with its sealed token (service role); null when none. */
export function accountForOrg(service: SupabaseClient, org: string): Promise<TwilioAccount | null> {
  return run(
    service
      .from('twilio_integrations')
      .select(`${COLUMNS}, auth_token_sealed`)
      .eq('organization_id', org)
      .maybeSingle(),
    AccountSchema.nullable(),
  );
}

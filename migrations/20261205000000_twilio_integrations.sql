-- An organisation's Twilio account: the phone numbers whose calls we score, how the voice
-- webhook answers them, and the account's auth token (which signs every request Twilio makes
-- to us), encrypted by the Worker (AES-GCM under INTEGRATION_SECRETS_KEY). One per
-- organisation; a phone number belongs to one organisation.
--
-- Admins read and manage their organisation's; the token is never readable by signed-in users
-- (column privileges): the Worker decrypts it with the service role to check signatures.

create type public.twilio_stream_mode as enum ('start', 'connect');
create type public.call_alert_level as enum ('review', 'alert', 'hard_alert');

create table public.twilio_integrations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null unique references public.organizations (id) on delete cascade,
  account_sid text not null check (account_sid ~ '^AC[0-9a-f]{32}$'),
  auth_token_sealed text not null check (auth_token_sealed ~ '^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'),
  phone_numbers text[] not null check (
    cardinality(phone_numbers) between 1 and 100
    and array_to_string(phone_numbers, ',') ~ '^\+[1-9][0-9]{6,14}(,\+[1-9][0-9]{6,14})*$'
  ),
  -- start: the call goes on (to forward_to, or a message) while we listen; connect: the caller
  -- talks to us alone, which lets us speak a warning into the call.
  mode public.twilio_stream_mode not null default 'start',
  forward_to text check (forward_to ~ '^\+[1-9][0-9]{6,14}$'),
  -- The alert level at which a connect call hears the spoken warning; null: never.
  warning_level public.call_alert_level default 'hard_alert',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The voice webhook finds the organisation by the number called.
create index twilio_integrations_numbers_idx on public.twilio_integrations using gin (phone_numbers);

create trigger twilio_integrations_updated_at before update on public.twilio_integrations
  for each row execute function private.set_updated_at();

alter table public.twilio_integrations enable row level security;
revoke all on public.twilio_integrations from anon, authenticated;
grant select (id, organization_id, account_sid, phone_numbers, mode, forward_to, warning_level,
  created_at, updated_at) on public.twilio_integrations to authenticated;
grant all on public.twilio_integrations to service_role;

create policy "admins see their twilio integration" on public.twilio_integrations
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));

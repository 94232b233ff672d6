-- Scam campaigns (issue #25): calls of the same script, grouped per organisation by their
-- fingerprint; how many calls each campaign had per hour; the caller numbers an organisation
-- has heard from (keyed hashes, never the numbers); and a shared index across organisations
-- that opted in, holding fingerprints and counts only.
--
-- The Worker computes fingerprints (an opaque base64 string, at most 1 KB, and its LSH band
-- keys) and the numbers' keyed hashes; the database stores and counts. Members read their
-- organisation's rows. Nobody but the service role writes these tables, through the functions
-- below (one transaction each); reviewers label a campaign through label_campaign().

create type public.campaign_label as enum ('scam', 'legitimate');

-- What a fingerprint and its band keys may look like (one rule for every table that stores them).
create function private.valid_fingerprint(fingerprint text) returns boolean
language sql immutable
set search_path = ''
as $$
  select char_length(fingerprint) between 4 and 1024
    and fingerprint ~ '^[A-Za-z0-9+/]+={0,2}$'
$$;

create function private.valid_bands(bands text[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select cardinality(bands) between 1 and 64
    and array_position(bands, null) is null
    and not exists (select 1 from unnest(bands) b where char_length(b) not between 1 and 64)
$$;

-- Organisation settings: whether its fingerprints and counts join the shared index (off unless
-- an admin opts in), and the volume (calls in one day) at which a campaign raises
-- `campaign.detected` (null: never).
alter table public.organizations
  add column shared_campaign_index boolean not null default false,
  add column campaign_alert_calls_per_day integer
    check (campaign_alert_calls_per_day between 1 and 1000000);
grant update (shared_campaign_index, campaign_alert_calls_per_day)
  on public.organizations to authenticated;

create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- The fingerprint of the call that started the campaign, and its band keys (candidates are
  -- the campaigns that share a band with a new call).
  fingerprint text not null check (private.valid_fingerprint(fingerprint)),
  bands text[] not null check (private.valid_bands(bands)),
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  calls_total integer not null default 0 check (calls_total >= 0),
  calls_safe integer not null default 0 check (calls_safe >= 0),
  calls_suspicious integer not null default 0 check (calls_suspicious >= 0),
  calls_likely_scam integer not null default 0 check (calls_likely_scam >= 0),
  calls_scam integer not null default 0 check (calls_scam >= 0),
  label public.campaign_label,
  labeled_by uuid references auth.users (id) on delete set null,
  labeled_at timestamptz,
  -- The first few calls of the campaign, for a person to listen to or read.
  example_analysis_ids uuid[] not null default '{}' check (cardinality(example_analysis_ids) <= 5),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- For the composite foreign keys that keep a campaign's rows in its own organisation.
  unique (organization_id, id)
);

create index campaigns_bands_idx on public.campaigns using gin (bands);
create index campaigns_org_last_seen_idx on public.campaigns (organization_id, last_seen desc);

create trigger campaigns_updated_at before update on public.campaigns
  for each row execute function private.set_updated_at();

-- Calls per campaign per UTC hour: calls per hour and per day, and the list's recent volume.
create table public.campaign_hourly_counts (
  organization_id uuid not null,
  campaign_id uuid not null,
  hour timestamptz not null,
  calls integer not null check (calls > 0),
  primary key (campaign_id, hour),
  foreign key (organization_id, campaign_id)
    references public.campaigns (organization_id, id) on delete cascade
);

create index campaign_hourly_counts_org_hour_idx
  on public.campaign_hourly_counts (organization_id, hour);

-- An analysed call's own fingerprint and the campaign it joined, always of its organisation.
alter table public.call_analyses
  add column fingerprint text check (private.valid_fingerprint(fingerprint)),
  add column campaign_id uuid,
  add constraint call_analyses_campaign_fkey foreign key (organization_id, campaign_id)
    references public.campaigns (organization_id, id) on delete set null (campaign_id);

create index call_analyses_campaign_idx
  on public.call_analyses (campaign_id, created_at desc) where campaign_id is not null;

-- The numbers that called an organisation, by a keyed hash of the E.164 number (the Worker
-- holds the key): the number itself is never stored.
create table public.caller_numbers (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  number_hash text not null check (number_hash ~ '^[A-Za-z0-9_=+/-]{16,128}$'),
  calls integer not null default 0 check (calls >= 0),
  calls_safe integer not null default 0 check (calls_safe >= 0),
  calls_suspicious integer not null default 0 check (calls_suspicious >= 0),
  calls_likely_scam integer not null default 0 check (calls_likely_scam >= 0),
  calls_scam integer not null default 0 check (calls_scam >= 0),
  reported_scam integer not null default 0 check (reported_scam >= 0),
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  primary key (organization_id, number_hash)
);

-- The shared index: fingerprints and counts of the organisations that opted in. No
-- organisation id, transcript, audio or number, by construction. Only the service role reads
-- or writes it.
create table public.shared_campaigns (
  id uuid primary key default gen_random_uuid(),
  fingerprint text not null check (private.valid_fingerprint(fingerprint)),
  bands text[] not null check (private.valid_bands(bands)),
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  calls_total integer not null default 0 check (calls_total >= 0),
  calls_safe integer not null default 0 check (calls_safe >= 0),
  calls_suspicious integer not null default 0 check (calls_suspicious >= 0),
  calls_likely_scam integer not null default 0 check (calls_likely_scam >= 0),
  calls_scam integer not null default 0 check (calls_scam >= 0)
);

create index shared_campaigns_bands_idx on public.shared_campaigns using gin (bands);

alter table public.campaigns enable row level security;
alter table public.campaign_hourly_counts enable row level security;
alter table public.caller_numbers enable row level security;
alter table public.shared_campaigns enable row level security;

revoke all on public.campaigns, public.campaign_hourly_counts, public.caller_numbers,
  public.shared_campaigns from anon, authenticated;
grant select on public.campaigns, public.campaign_hourly_counts, public.caller_numbers
  to authenticated;
grant all on public.campaigns, public.campaign_hourly_counts, public.caller_numbers,
  public.shared_campaigns to service_role;

create policy "members read their campaigns" on public.campaigns
  for select to authenticated using (organization_id in (select private.my_organization_ids()));
create policy "members read their campaign counts" on public.campaign_hourly_counts
  for select to authenticated using (organization_id in (select private.my_organization_ids()));
create policy "members read their caller numbers" on public.caller_numbers
  for select to authenticated using (organization_id in (select private.my_organization_ids()));
-- shared_campaigns: no policy, so no signed-in user reads a row of it.

-- Records one analysed call in a campaign, atomically: into `target_campaign`, or into a new
-- campaign started from the call's fingerprint when that is null. Counts, the hour's count,
-- first/last seen and the examples move together; concurrent calls each count (row locks, and
-- an upsert for the hour). When `analysis` is given and is the organisation's, the analysis
-- gets its fingerprint and campaign. A campaign of another organisation is no_data_found.
create function public.record_campaign_call(
  target_organization uuid,
  call_verdict public.verdict,
  called_at timestamptz,
  call_fingerprint text,
  call_bands text[],
  target_campaign uuid default null,
  analysis uuid default null)
returns public.campaigns
language plpgsql volatile
set search_path = ''
as $$
declare
  c public.campaigns;
begin
  if target_campaign is null then
    insert into public.campaigns (organization_id, fingerprint, bands, first_seen, last_seen)
      values (target_organization, call_fingerprint, call_bands, called_at, called_at)
      returning * into c;
    target_campaign := c.id;
  end if;

  update public.campaigns k set
    first_seen = least(k.first_seen, called_at),
    last_seen = greatest(k.last_seen, called_at),
    calls_total = k.calls_total + 1,
    calls_safe = k.calls_safe + (call_verdict = 'SAFE')::int,
    calls_suspicious = k.calls_suspicious + (call_verdict = 'SUSPICIOUS')::int,
    calls_likely_scam = k.calls_likely_scam + (call_verdict = 'LIKELY_SCAM')::int,
    calls_scam = k.calls_scam + (call_verdict = 'SCAM')::int,
    example_analysis_ids = case
      when analysis is null or analysis = any (k.example_analysis_ids)
        or cardinality(k.example_analysis_ids) >= 5
        or not exists (select 1 from public.call_analyses a
          where a.id = analysis and a.organization_id = target_organization)
      then k.example_analysis_ids
      else k.example_analysis_ids || analysis end
  where k.id = target_campaign and k.organization_id = target_organization
  returning * into c;
  if c.id is null then
    raise exception 'no such campaign in this organisation' using errcode = 'P0002';
  end if;

  insert into public.campaign_hourly_counts (organization_id, campaign_id, hour, calls)
    values (target_organization, c.id, date_trunc('hour', called_at, 'UTC'), 1)
    on conflict (campaign_id, hour)
      do update set calls = public.campaign_hourly_counts.calls + 1;

  if analysis is not null then
    update public.call_analyses a set campaign_id = c.id, fingerprint = call_fingerprint
      where a.id = analysis and a.organization_id = target_organization;
  end if;
  return c;
end
$$;

-- Records one call from a number (its keyed hash) in the organisation's history.
create function public.record_caller_call(
  target_organization uuid, caller_hash text, call_verdict public.verdict, called_at timestamptz)
returns public.caller_numbers
language sql volatile
set search_path = ''
as $$
  insert into public.caller_numbers as n (organization_id, number_hash, calls, calls_safe,
      calls_suspicious, calls_likely_scam, calls_scam, first_seen, last_seen)
    values (target_organization, caller_hash, 1, (call_verdict = 'SAFE')::int,
      (call_verdict = 'SUSPICIOUS')::int, (call_verdict = 'LIKELY_SCAM')::int,
      (call_verdict = 'SCAM')::int, called_at, called_at)
  on conflict (organization_id, number_hash) do update set
    calls = n.calls + 1,
    calls_safe = n.calls_safe + excluded.calls_safe,
    calls_suspicious = n.calls_suspicious + excluded.calls_suspicious,
    calls_likely_scam = n.calls_likely_scam + excluded.calls_likely_scam,
    calls_scam = n.calls_scam + excluded.calls_scam,
    first_seen = least(n.first_seen, excluded.first_seen),
    last_seen = greatest(n.last_seen, excluded.last_seen)
  returning n.*
$$;

-- A reviewer's verdict on a call from a number: +1 when they confirm it a scam, -1 when they
-- take that back (never below zero). No row (a number never recorded) is no_data_found.
create function public.report_caller_number(
  target_organization uuid, caller_hash text, delta integer)
returns public.caller_numbers
language plpgsql volatile
set search_path = ''
as $$
declare
  n public.caller_numbers;
begin
  if delta not in (-1, 1) then
    raise exception 'delta is 1 or -1' using errcode = '22023';
  end if;
  update public.caller_numbers c set reported_scam = greatest(c.reported_scam + delta, 0)
    where c.organization_id = target_organization and c.number_hash = caller_hash
    returning * into n;
  if n.number_hash is null then
    raise exception 'no such number in this organisation' using errcode = 'P0002';
  end if;
  return n;
end
$$;

-- Records one call in the shared index, only for an organisation that opted in (no row
-- otherwise): into `target_shared`, or a new entry from the fingerprint. The organisation's id
-- is checked, never stored.
create function public.record_shared_campaign_call(
  source_organization uuid,
  call_verdict public.verdict,
  called_at timestamptz,
  call_fingerprint text,
  call_bands text[],
  target_shared uuid default null)
returns setof public.shared_campaigns
language plpgsql volatile
set search_path = ''
as $$
declare
  s public.shared_campaigns;
begin
  if not coalesce((select o.shared_campaign_index from public.organizations o
      where o.id = source_organization), false) then
    return;
  end if;
  if target_shared is null then
    insert into public.shared_campaigns (fingerprint, bands, first_seen, last_seen)
      values (call_fingerprint, call_bands, called_at, called_at)
      returning id into target_shared;
  end if;
  update public.shared_campaigns k set
    first_seen = least(k.first_seen, called_at),
    last_seen = greatest(k.last_seen, called_at),
    calls_total = k.calls_total + 1,
    calls_safe = k.calls_safe + (call_verdict = 'SAFE')::int,
    calls_suspicious = k.calls_suspicious + (call_verdict = 'SUSPICIOUS')::int,
    calls_likely_scam = k.calls_likely_scam + (call_verdict = 'LIKELY_SCAM')::int,
    calls_scam = k.calls_scam + (call_verdict = 'SCAM')::int
  where k.id = target_shared
  returning * into s;
  if s.id is null then
    raise exception 'no such shared campaign' using errcode = 'P0002';
  end if;
  return next s;
end
$$;

-- A reviewer's label on a whole campaign ('scam', 'legitimate', or null to clear it), stamped
-- with who and when. Reviewers and above of the campaign's organisation; the service role
-- (API-key and open callers, already checked by the Worker) labels without a person. A campaign
-- the caller can't see is no_data_found, like one that doesn't exist.
create function public.label_campaign(
  target_organization uuid, target_campaign uuid, new_label public.campaign_label)
returns public.campaigns
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  c public.campaigns;
begin
  if caller is not null
    and target_organization not in (select private.my_organization_ids()) then
    raise exception 'no such campaign' using errcode = 'P0002';
  end if;
  if caller is not null
    and target_organization not in (select private.my_organization_ids('reviewer')) then
    raise exception 'only reviewers (and above) label campaigns' using errcode = '42501';
  end if;
  update public.campaigns k set
    label = new_label,
    labeled_by = case when new_label is null then null else caller end,
    labeled_at = case when new_label is null then null else now() end
  where k.id = target_campaign and k.organization_id = target_organization
  returning * into c;
  if c.id is null then
    raise exception 'no such campaign' using errcode = 'P0002';
  end if;
  return c;
end
$$;

-- An organisation's campaigns by recent volume: the calls in the 24 whole UTC hours before the
-- hour of `as_of` (a page's cursor keeps its `as_of`, so every page ranks by the same window
-- and counts that no new call changes), then id. `after_calls`/`after_id` are the previous
-- page's last row. SECURITY INVOKER: a member's token sees only their organisations' rows.
create function public.list_campaigns(
  target_organization uuid,
  as_of timestamptz,
  max_rows integer,
  label_filter text default null,
  seen_since timestamptz default null,
  min_calls integer default null,
  after_calls integer default null,
  after_id uuid default null)
returns table (campaign public.campaigns, calls_24h integer)
language sql stable security invoker
set search_path = ''
as $$
  select k, r.calls_24h
  from public.campaigns k
  cross join lateral (
    select coalesce(sum(h.calls), 0)::integer as calls_24h
    from public.campaign_hourly_counts h
    where h.campaign_id = k.id
      and h.hour >= date_trunc('hour', as_of, 'UTC') - interval '24 hours'
      and h.hour < date_trunc('hour', as_of, 'UTC')
  ) r
  where k.organization_id = target_organization
    and (label_filter is null
      or (label_filter = 'none' and k.label is null)
      or k.label::text = label_filter)
    and (seen_since is null or k.last_seen >= seen_since)
    and (min_calls is null or k.calls_total >= min_calls)
    and (after_id is null or (r.calls_24h, k.id) < (after_calls, after_id))
  order by r.calls_24h desc, k.id desc
  limit max_rows
$$;

revoke all on function public.record_campaign_call(uuid, public.verdict, timestamptz, text,
  text[], uuid, uuid) from public, anon, authenticated;
revoke all on function public.record_caller_call(uuid, text, public.verdict, timestamptz)
  from public, anon, authenticated;
revoke all on function public.report_caller_number(uuid, text, integer)
  from public, anon, authenticated;
revoke all on function public.record_shared_campaign_call(uuid, public.verdict, timestamptz,
  text, text[], uuid) from public, anon, authenticated;
revoke all on function public.label_campaign(uuid, uuid, public.campaign_label)
  from public, anon;
revoke all on function public.list_campaigns(uuid, timestamptz, integer, text, timestamptz,
  integer, integer, uuid) from public, anon;
revoke all on function private.valid_fingerprint(text), private.valid_bands(text[])
  from public, anon;
grant execute on function private.valid_fingerprint(text), private.valid_bands(text[])
  to authenticated, service_role;
grant execute on function public.record_campaign_call(uuid, public.verdict, timestamptz, text,
  text[], uuid, uuid) to service_role;
grant execute on function public.record_caller_call(uuid, text, public.verdict, timestamptz)
  to service_role;
grant execute on function public.report_caller_number(uuid, text, integer) to service_role;
grant execute on function public.record_shared_campaign_call(uuid, public.verdict, timestamptz,
  text, text[], uuid) to service_role;
grant execute on function public.label_campaign(uuid, uuid, public.campaign_label)
  to authenticated, service_role;
grant execute on function public.list_campaigns(uuid, timestamptz, integer, text, timestamptz,
  integer, integer, uuid) to authenticated, service_role;

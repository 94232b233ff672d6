-- Shared caller counts (issue #25): the organisations that opted in to the shared index
-- (`organizations.shared_campaign_index`) also pool their counts per caller number. Keyed by the
-- same keyed hash as `caller_numbers` (one key per deployment, so a number hashes the same in
-- every organisation). Counts only: no organisation id, number, transcript or time.
create table public.shared_caller_numbers (
  number_hash text primary key check (number_hash ~ '^[A-Za-z0-9_=+/-]{16,128}$'),
  calls integer not null default 0 check (calls >= 0),
  calls_likely_scam integer not null default 0 check (calls_likely_scam >= 0),
  calls_scam integer not null default 0 check (calls_scam >= 0),
  reported_scam integer not null default 0 check (reported_scam >= 0)
);

alter table public.shared_caller_numbers enable row level security;
revoke all on public.shared_caller_numbers from public, anon, authenticated;
grant all on public.shared_caller_numbers to service_role;
-- No policy: no signed-in user reads a row of it.

-- Whatever moves an organisation's history of a number (`record_caller_call`,
-- `report_caller_number`) moves the shared counts by as much, when the organisation opted in.
-- A failure here is a warning: the organisation's own history never loses a count for it.
create function private.share_caller_counts() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  d_calls integer := new.calls;
  d_likely integer := new.calls_likely_scam;
  d_scam integer := new.calls_scam;
  d_reported integer := new.reported_scam;
begin
  if tg_op = 'UPDATE' then
    d_calls := new.calls - old.calls;
    d_likely := new.calls_likely_scam - old.calls_likely_scam;
    d_scam := new.calls_scam - old.calls_scam;
    d_reported := new.reported_scam - old.reported_scam;
  end if;
  if not coalesce((select o.shared_campaign_index from public.organizations o
      where o.id = new.organization_id), false) then
    return null;
  end if;
  begin
    insert into public.shared_caller_numbers as s (number_hash, calls, calls_likely_scam,
        calls_scam, reported_scam)
      values (new.number_hash, greatest(d_calls, 0), greatest(d_likely, 0),
        greatest(d_scam, 0), greatest(d_reported, 0))
    on conflict (number_hash) do update set
      calls = greatest(s.calls + d_calls, 0),
      calls_likely_scam = greatest(s.calls_likely_scam + d_likely, 0),
      calls_scam = greatest(s.calls_scam + d_scam, 0),
      reported_scam = greatest(s.reported_scam + d_reported, 0);
  exception when others then
    raise warning 'shared caller counts not moved: %', sqlerrm;
  end;
  return null;
end
$$;

revoke all on function private.share_caller_counts() from public, anon, authenticated;

create trigger caller_numbers_share_counts
  after insert or update of calls, calls_likely_scam, calls_scam, reported_scam
  on public.caller_numbers
  for each row execute function private.share_caller_counts();

-- The history a live call reads (service role only): the organisation's own counts of the
-- number, and, for an opted-in organisation, the other organisations' share of the shared
-- counts. That share is the shared count less the organisation's own, never below zero, and
-- only when the shared calls exceed its own: its own counts are at least what it contributed
-- (calls before it opted in are not shared), so this never shows more than others sent.
-- No row when nothing is known of the number.
create function public.caller_history(target_organization uuid, caller_hash text)
returns table (
  calls integer,
  calls_likely_scam integer,
  calls_scam integer,
  reported_scam integer,
  shared_calls integer,
  shared_calls_likely_scam integer,
  shared_calls_scam integer,
  shared_reported_scam integer)
language sql stable
set search_path = ''
as $$
  with own as (
    select n.calls, n.calls_likely_scam, n.calls_scam, n.reported_scam
    from public.caller_numbers n
    where n.organization_id = target_organization and n.number_hash = caller_hash
  ), others as (
    select greatest(s.calls - coalesce(o.calls, 0), 0) as calls,
      greatest(s.calls_likely_scam - coalesce(o.calls_likely_scam, 0), 0) as calls_likely_scam,
      greatest(s.calls_scam - coalesce(o.calls_scam, 0), 0) as calls_scam,
      greatest(s.reported_scam - coalesce(o.reported_scam, 0), 0) as reported_scam
    from public.shared_caller_numbers s
    left join own o on true
    where s.number_hash = caller_hash
      and s.calls > coalesce(o.calls, 0)
      and coalesce((select g.shared_campaign_index from public.organizations g
        where g.id = target_organization), false)
  )
  select coalesce(o.calls, 0), coalesce(o.calls_likely_scam, 0), coalesce(o.calls_scam, 0),
    coalesce(o.reported_scam, 0), x.calls, x.calls_likely_scam, x.calls_scam, x.reported_scam
  from (select 1) as one
  left join own o on true
  left join others x on true
  where o.calls is not null or x.calls is not null
$$;

revoke all on function public.caller_history(uuid, text) from public, anon, authenticated;
grant execute on function public.caller_history(uuid, text) to service_role;

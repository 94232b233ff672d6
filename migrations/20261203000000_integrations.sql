-- Outbound webhooks ("integrations") per organisation, the events they are sent, every
-- delivery and every attempt, and the organisation's live-call alert levels.
--
-- Admins manage their organisation's integrations and read its delivery log. Signing secrets
-- are never readable by signed-in users (column privileges, like api_keys.hash): the Worker
-- shows a secret once, when it is made, and signs with the service role. Events, deliveries and
-- attempts are written only by the Worker's queue consumer (service role), through the
-- functions at the end, each one transaction.

create type public.webhook_event_type as enum (
  'analysis.completed', 'analysis.review_required', 'review.submitted', 'call.alert', 'call.ended'
);
create type public.webhook_delivery_status as enum ('pending', 'succeeded', 'failed');
-- retrying: another attempt is scheduled; failed: no more (a 4xx, a redirect, or the schedule
-- is used up); gone: the endpoint answered 410 and the integration is disabled.
create type public.webhook_attempt_outcome as enum ('succeeded', 'retrying', 'failed', 'gone');

create table public.integrations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  url text not null check (char_length(url) between 8 and 2048),
  description text not null default '' check (char_length(description) <= 500),
  events public.webhook_event_type[] not null check (cardinality(events) between 1 and 5),
  enabled boolean not null default true,
  -- Why it is disabled (by an admin, by a 410, or because it kept failing), for its admins.
  disabled_reason text check (char_length(disabled_reason) <= 500),
  disabled_at timestamptz,
  -- whsec_ + base64 of 32 random bytes. After a rotation the previous secret also signs until
  -- previous_secret_expires_at, so receivers can switch without losing a delivery.
  secret text not null check (secret ~ '^whsec_[A-Za-z0-9+/]{43}=$'),
  previous_secret text check (previous_secret ~ '^whsec_[A-Za-z0-9+/]{43}=$'),
  previous_secret_expires_at timestamptz,
  secret_rotated_at timestamptz,
  -- The first failed attempt since the last success (null while healthy): the disabling rule.
  failing_since timestamptz,
  last_success_at timestamptz,
  last_failure_at timestamptz,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index integrations_organization_idx on public.integrations (organization_id, created_at);

create trigger integrations_updated_at before update on public.integrations
  for each row execute function private.set_updated_at();

create table public.webhook_events (
  id text primary key check (id ~ '^evt_[0-9a-f]{32}$'),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  type public.webhook_event_type not null,
  version integer not null check (version > 0),
  -- The exact bytes every delivery sends and signs (a redelivery sends the same body).
  body text not null check (octet_length(body) <= 65536),
  test boolean not null default false,
  created_at timestamptz not null default now()
);

create index webhook_events_organization_idx on public.webhook_events (organization_id, created_at);

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  integration_id uuid not null references public.integrations (id) on delete cascade,
  event_id text not null references public.webhook_events (id) on delete cascade,
  event_type public.webhook_event_type not null,
  status public.webhook_delivery_status not null default 'pending',
  -- Attempts made in all; the schedule restarts at round_start when a delivery is redelivered.
  attempt_count integer not null default 0,
  round_start integer not null default 0,
  next_attempt_at timestamptz default now(),
  -- An attempt in flight holds the delivery until then, so two wake-ups don't both send.
  lease_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (event_id, integration_id)
);

create index webhook_deliveries_integration_idx
  on public.webhook_deliveries (integration_id, created_at desc, id desc);
-- The sweeper's question: which pending deliveries are overdue?
create index webhook_deliveries_due_idx
  on public.webhook_deliveries (next_attempt_at) where status = 'pending';

create trigger webhook_deliveries_updated_at before update on public.webhook_deliveries
  for each row execute function private.set_updated_at();

-- The delivery log: one row per attempt.
create table public.webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references public.webhook_deliveries (id) on delete cascade,
  integration_id uuid not null references public.integrations (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  attempt integer not null check (attempt > 0),
  attempted_at timestamptz not null,
  status_code integer,
  latency_ms integer not null check (latency_ms >= 0),
  error text check (char_length(error) <= 500),
  response_excerpt text check (char_length(response_excerpt) <= 1024),
  outcome public.webhook_attempt_outcome not null,
  next_attempt_at timestamptz
);

create index webhook_attempts_delivery_idx on public.webhook_attempts (delivery_id, attempt);
create index webhook_attempts_integration_idx
  on public.webhook_attempts (integration_id, attempted_at desc);

-- The organisation's live-call alert levels (review, alert, hard alert); null means the
-- deployment's SCORE_THRESHOLDS, CallShield's 0.30 / 0.60 / 0.85 by default.
alter table public.organizations add column call_alert_levels numeric[]
  check (
    call_alert_levels is null or (
      cardinality(call_alert_levels) = 3
      and 0 < call_alert_levels[1] and call_alert_levels[1] < call_alert_levels[2]
      and call_alert_levels[2] < call_alert_levels[3] and call_alert_levels[3] <= 1
    )
  );
grant update (call_alert_levels) on public.organizations to authenticated;

alter table public.integrations enable row level security;
alter table public.webhook_events enable row level security;
alter table public.webhook_deliveries enable row level security;
alter table public.webhook_attempts enable row level security;

revoke all on public.integrations, public.webhook_events, public.webhook_deliveries,
  public.webhook_attempts from anon, authenticated;
grant select (id, organization_id, url, description, events, enabled, disabled_reason,
  disabled_at, previous_secret_expires_at, secret_rotated_at, failing_since, last_success_at,
  last_failure_at, created_by, created_at, updated_at) on public.integrations to authenticated;
grant insert (organization_id, url, description, events, secret) on public.integrations
  to authenticated;
grant update (url, description, events, enabled, disabled_reason, disabled_at, failing_since)
  on public.integrations to authenticated;
grant delete on public.integrations to authenticated;
grant select on public.webhook_events, public.webhook_deliveries, public.webhook_attempts
  to authenticated;
grant all on public.integrations, public.webhook_events, public.webhook_deliveries,
  public.webhook_attempts to service_role;

create policy "admins see their integrations" on public.integrations
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins create integrations" on public.integrations
  for insert to authenticated
  with check (
    organization_id in (select private.my_organization_ids('admin'))
    and created_by = (select auth.uid())
  );
create policy "admins change integrations" on public.integrations
  for update to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins delete integrations" on public.integrations
  for delete to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins see their events" on public.webhook_events
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins see their deliveries" on public.webhook_deliveries
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins see their attempts" on public.webhook_attempts
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));

-- Rotates an integration's signing secret (admins). The old secret keeps signing, beside the
-- new one, for `grace_seconds` (0: at once). SECURITY DEFINER because admins may not read the
-- secret it moves; the admin check is the policy's own.
create function public.rotate_integration_secret(
  target uuid, new_secret text, grace_seconds integer
) returns timestamptz
language plpgsql security definer
set search_path = ''
as $$
declare
  expires timestamptz;
begin
  if grace_seconds < 0 or grace_seconds > 7 * 86400 then
    raise exception 'grace_seconds must be between 0 and 604800' using errcode = '23514';
  end if;
  update public.integrations
    set previous_secret = case when grace_seconds > 0 then secret end,
        previous_secret_expires_at = case when grace_seconds > 0
          then now() + make_interval(secs => grace_seconds) end,
        secret = new_secret,
        secret_rotated_at = now()
    where id = target
      and organization_id in (select private.my_organization_ids('admin'))
    returning previous_secret_expires_at into expires;
  if not found then
    raise exception 'no such integration' using errcode = 'P0002';
  end if;
  return expires;
end
$$;

revoke all on function public.rotate_integration_secret(uuid, text, integer) from public, anon;
grant execute on function public.rotate_integration_secret(uuid, text, integer)
  to authenticated, service_role;

-- Schedules a delivery again from now, with a fresh schedule (admins). The event keeps its id.
create function public.redeliver_webhook_delivery(target uuid) returns uuid
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.webhook_deliveries
    set status = 'pending', round_start = attempt_count, next_attempt_at = now(),
        lease_until = null, completed_at = null
    where id = target
      and organization_id in (select private.my_organization_ids('admin'));
  if not found then
    raise exception 'no such delivery' using errcode = 'P0002';
  end if;
  return target;
end
$$;

revoke all on function public.redeliver_webhook_delivery(uuid) from public, anon;
grant execute on function public.redeliver_webhook_delivery(uuid) to authenticated, service_role;

-- ---- The queue consumer's side (service role only) -----------------------------------------
-- Times come from the Worker (p_now, p_at), so the schedule follows one clock.

-- Records an event and makes a pending delivery for each enabled integration subscribed to its
-- type (or for `p_only_integration` alone: a test event). Idempotent: a second call with the
-- same event id adds nothing. Returns the deliveries not yet attempted, to be woken.
create function public.enqueue_webhook_event(
  p_event_id text, p_organization uuid, p_type public.webhook_event_type, p_version integer,
  p_body text, p_now timestamptz, p_test boolean default false,
  p_only_integration uuid default null
) returns setof uuid
language plpgsql
set search_path = ''
as $$
begin
  insert into public.webhook_events (id, organization_id, type, version, body, test)
    values (p_event_id, p_organization, p_type, p_version, p_body, p_test)
    on conflict (id) do nothing;
  insert into public.webhook_deliveries (organization_id, integration_id, event_id, event_type,
      next_attempt_at)
    select i.organization_id, i.id, p_event_id, p_type, p_now
    from public.integrations i
    where i.organization_id = p_organization and i.enabled
      and case when p_only_integration is null then p_type = any (i.events)
               else i.id = p_only_integration end
    on conflict (event_id, integration_id) do nothing;
  return query
    select d.id from public.webhook_deliveries d
    where d.event_id = p_event_id and d.status = 'pending' and d.attempt_count = 0;
end
$$;

-- Takes a pending, due delivery for one attempt: it is leased until p_now + p_lease_seconds, so a
-- second wake-up meanwhile waits instead of sending too. Answers {state}:
--   claimed  (with what the attempt needs: url, signing secrets, body, attempt numbers),
--   wait     (until `until`: not due yet, or leased by an attempt in flight),
--   done     (succeeded or failed already), gone (deleted), disabled (marked failed now).
create function public.claim_webhook_delivery(
  p_delivery uuid, p_now timestamptz, p_lease_seconds integer
) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  d public.webhook_deliveries;
  i public.integrations;
  e public.webhook_events;
begin
  select * into d from public.webhook_deliveries where id = p_delivery for no key update;
  if not found then
    return jsonb_build_object('state', 'gone');
  end if;
  if d.status <> 'pending' then
    return jsonb_build_object('state', 'done');
  end if;
  if d.lease_until is not null and d.lease_until > p_now then
    return jsonb_build_object('state', 'wait', 'until', d.lease_until);
  end if;
  if d.next_attempt_at is not null and d.next_attempt_at > p_now then
    return jsonb_build_object('state', 'wait', 'until', d.next_attempt_at);
  end if;
  select * into i from public.integrations where id = d.integration_id;
  if not i.enabled then
    update public.webhook_deliveries
      set status = 'failed', next_attempt_at = null, lease_until = null, completed_at = p_now,
          last_error = 'not sent: the integration is disabled'
      where id = d.id;
    return jsonb_build_object('state', 'disabled');
  end if;
  select * into e from public.webhook_events where id = d.event_id;
  update public.webhook_deliveries
    set lease_until = p_now + make_interval(secs => p_lease_seconds)
    where id = d.id;
  return jsonb_build_object(
    'state', 'claimed',
    'delivery_id', d.id,
    'integration_id', i.id,
    'organization_id', d.organization_id,
    'attempt', d.attempt_count + 1,
    'round_attempt', d.attempt_count - d.round_start + 1,
    'url', i.url,
    'secrets', to_jsonb(array_remove(array[
      i.secret,
      case when i.previous_secret_expires_at > p_now then i.previous_secret end
    ], null)),
    'event_id', e.id,
    'event_type', e.type,
    'body', e.body
  );
end
$$;

-- Records one attempt (the delivery log), moves the delivery on, and keeps the integration's
-- health: a success clears failing_since; a 410 disables it; so does a delivery that ends failed
-- when every attempt since failing_since (at least p_disable_after_seconds ago) failed. A stale
-- attempt (the delivery has moved past it) is not recorded.
create function public.record_webhook_attempt(
  p_delivery uuid, p_attempt integer, p_at timestamptz, p_status_code integer,
  p_latency_ms integer, p_error text, p_excerpt text,
  p_outcome public.webhook_attempt_outcome, p_next_attempt_at timestamptz,
  p_disable_after_seconds integer
) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  d public.webhook_deliveries;
  i public.integrations;
  failing timestamptz;
  reason text;
begin
  -- Row locks in one order (delivery, then integration), and NO KEY UPDATE, which the
  -- foreign-key checks of concurrent inserts (KEY SHARE) don't conflict with: records of two
  -- deliveries to one endpoint queue behind each other instead of deadlocking.
  select * into d from public.webhook_deliveries where id = p_delivery for no key update;
  if not found or d.attempt_count >= p_attempt then
    return jsonb_build_object('recorded', false);
  end if;
  select * into i from public.integrations where id = d.integration_id for no key update;
  insert into public.webhook_attempts (delivery_id, integration_id, organization_id, attempt,
      attempted_at, status_code, latency_ms, error, response_excerpt, outcome, next_attempt_at)
    values (d.id, d.integration_id, d.organization_id, p_attempt, p_at, p_status_code,
      p_latency_ms, left(p_error, 500), left(p_excerpt, 1024), p_outcome,
      case when p_outcome = 'retrying' then p_next_attempt_at end);
  update public.webhook_deliveries
    set attempt_count = p_attempt,
        status = (case p_outcome when 'succeeded' then 'succeeded'
                  when 'retrying' then 'pending' else 'failed' end)::public.webhook_delivery_status,
        next_attempt_at = case when p_outcome = 'retrying' then p_next_attempt_at end,
        lease_until = null,
        last_status_code = p_status_code,
        last_error = left(p_error, 500),
        completed_at = case when p_outcome = 'retrying' then null else p_at end
    where id = d.id;
  if p_outcome = 'succeeded' then
    update public.integrations set last_success_at = p_at, failing_since = null where id = i.id;
    return jsonb_build_object('recorded', true, 'disabled_reason', null);
  end if;
  failing := coalesce(i.failing_since, p_at);
  if i.enabled and p_outcome = 'gone' then
    reason := 'the endpoint answered 410 Gone';
  elsif i.enabled and p_outcome = 'failed'
      and failing <= p_at - make_interval(secs => p_disable_after_seconds) then
    reason := format('every delivery attempt since %s failed (last: %s)',
      to_char(failing at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      coalesce(left(p_error, 200), 'unknown error'));
  end if;
  update public.integrations
    set last_failure_at = p_at,
        failing_since = failing,
        enabled = enabled and reason is null,
        disabled_reason = coalesce(reason, disabled_reason),
        disabled_at = case when reason is not null then p_at else disabled_at end
    where id = i.id;
  return jsonb_build_object('recorded', true, 'disabled_reason', reason);
end
$$;

-- Pending deliveries overdue by p_overdue_seconds with no attempt in flight: their queue
-- message was lost (an enqueue that failed, a message dead-lettered while the database was
-- away). The sweeper wakes them again.
create function public.due_webhook_deliveries(
  p_now timestamptz, p_overdue_seconds integer, p_limit integer
) returns setof uuid
language sql stable
set search_path = ''
as $$
  select id from public.webhook_deliveries
  where status = 'pending'
    and next_attempt_at <= p_now - make_interval(secs => p_overdue_seconds)
    and (lease_until is null or lease_until <= p_now)
  order by next_attempt_at
  limit p_limit
$$;

revoke all on function public.enqueue_webhook_event(text, uuid, public.webhook_event_type,
  integer, text, timestamptz, boolean, uuid) from public, anon, authenticated;
revoke all on function public.claim_webhook_delivery(uuid, timestamptz, integer)
  from public, anon, authenticated;
revoke all on function public.record_webhook_attempt(uuid, integer, timestamptz, integer, integer,
  text, text, public.webhook_attempt_outcome, timestamptz, integer) from public, anon, authenticated;
revoke all on function public.due_webhook_deliveries(timestamptz, integer, integer)
  from public, anon, authenticated;
grant execute on function public.enqueue_webhook_event(text, uuid, public.webhook_event_type,
  integer, text, timestamptz, boolean, uuid) to service_role;
grant execute on function public.claim_webhook_delivery(uuid, timestamptz, integer)
  to service_role;
grant execute on function public.record_webhook_attempt(uuid, integer, timestamptz, integer,
  integer, text, text, public.webhook_attempt_outcome, timestamptz, integer) to service_role;
grant execute on function public.due_webhook_deliveries(timestamptz, integer, integer)
  to service_role;

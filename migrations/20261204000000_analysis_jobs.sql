-- Uploaded calls analysed as background jobs: each job is a call_analyses row whose status
-- goes pending → processing → completed | error, with the stage it reached, its progress, how
-- many times it was claimed and a lease, so a job whose worker died is picked up again and a
-- redelivered message never processes a row twice.

create type public.analysis_stage as enum ('queued', 'decoding', 'transcribing', 'scoring', 'done');

alter table public.call_analyses
  add column stage public.analysis_stage not null default 'done',
  add column progress smallint not null default 100 check (progress between 0 and 100),
  -- How many times a worker claimed the job; also the claim's token (see claim_analysis_job).
  add column attempts smallint not null default 0 check (attempts >= 0),
  -- Until when the current worker owns a processing job; after it, anyone may claim it again.
  add column lease_expires_at timestamptz,
  -- When a worker first picked the job up (created_at → started_at is the time it queued).
  add column started_at timestamptz,
  -- A stable code beside `error`, the sentence a person reads (e.g. NOT_AUDIO).
  add column error_code text check (char_length(error_code) <= 64),
  add column file_size bigint check (file_size >= 0);

-- Rows of every other kind are finished when they are written; a job starts queued.
create function private.job_defaults() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status in ('pending', 'processing') then
    new.stage := 'queued';
    new.progress := 0;
  end if;
  return new;
end
$$;

create trigger call_analyses_job_defaults before insert on public.call_analyses
  for each row execute function private.job_defaults();

-- Open jobs, for the sweep that recovers expired leases and lost messages.
create index call_analyses_open_jobs_idx
  on public.call_analyses (updated_at)
  where status in ('pending', 'processing');

-- Claims a job for one worker, atomically: a pending job, or a processing one whose lease has
-- expired (its worker died). The claim increments `attempts`; the worker passes that number back
-- with every later write, so a worker that lost its lease can no longer change the row. A job
-- already claimed `max_attempts` times is not claimed again: it ends in error. Returns the row
-- as it is after the update, or no row when the job is not claimable (finished, deleted, or
-- owned by a live lease).
create function public.claim_analysis_job(job_id uuid, lease_seconds integer, max_attempts integer)
returns setof public.call_analyses
language sql volatile
set search_path = ''
as $$
  update public.call_analyses a set
    status = case when a.attempts >= max_attempts
      then 'error'::public.analysis_status else 'processing'::public.analysis_status end,
    stage = case when a.attempts >= max_attempts then a.stage else 'decoding'::public.analysis_stage end,
    progress = case when a.attempts >= max_attempts then a.progress else 5 end,
    attempts = case when a.attempts >= max_attempts then a.attempts else a.attempts + 1 end,
    lease_expires_at = case when a.attempts >= max_attempts
      then null else now() + make_interval(secs => lease_seconds) end,
    started_at = coalesce(a.started_at, now()),
    error = case when a.attempts >= max_attempts
      then format('gave up after %s attempts: %s', a.attempts,
        coalesce(a.error, 'processing never finished'))
      else a.error end,
    error_code = case when a.attempts >= max_attempts then 'ATTEMPTS_EXHAUSTED' else a.error_code end,
    completed_at = case when a.attempts >= max_attempts then now() else a.completed_at end
  where a.id = job_id
    and (a.status = 'pending' or (a.status = 'processing' and a.lease_expires_at < now()))
  returning a.*
$$;

-- The sweep: a processing job whose lease expired goes back to pending (or to error once its
-- attempts are spent), and a pending job nobody picked up for `stale_pending_seconds` (its
-- queue message was lost) is touched. Returns the jobs that are pending now, to be queued again.
create function public.recover_analysis_jobs(
  max_attempts integer, stale_pending_seconds integer, max_rows integer)
returns table (job_id uuid, job_organization_id uuid)
language plpgsql volatile
set search_path = ''
as $$
begin
  update public.call_analyses a set
    status = 'error',
    lease_expires_at = null,
    error = format('gave up after %s attempts: processing never finished', a.attempts),
    error_code = 'ATTEMPTS_EXHAUSTED',
    completed_at = now()
  where a.status = 'processing' and a.lease_expires_at < now() and a.attempts >= max_attempts;

  return query
  update public.call_analyses a set
    status = 'pending',
    stage = 'queued',
    progress = 0,
    lease_expires_at = null,
    error = case when a.status = 'processing'
      then 'the previous attempt stopped before it finished; it will be retried' else a.error end
  where a.id in (
    select b.id from public.call_analyses b
    where (b.status = 'processing' and b.lease_expires_at < now())
       or (b.status = 'pending'
           and b.updated_at < now() - make_interval(secs => stale_pending_seconds))
    order by b.updated_at
    limit max_rows
    for update skip locked
  )
  returning a.id, a.organization_id;
end
$$;

revoke all on function public.claim_analysis_job(uuid, integer, integer) from public, anon, authenticated;
revoke all on function public.recover_analysis_jobs(integer, integer, integer)
  from public, anon, authenticated;
grant execute on function public.claim_analysis_job(uuid, integer, integer) to service_role;
grant execute on function public.recover_analysis_jobs(integer, integer, integer) to service_role;

-- Metadata belongs to whoever runs analyses; review fields to reviewers. Policies are per
-- command, not per column, so analysts get an update policy and the guard below refuses them
-- the review fields.
grant insert (file_size) on public.call_analyses to authenticated;
grant update (metadata) on public.call_analyses to authenticated;
create policy "analysts update analyses" on public.call_analyses
  for update to authenticated
  using (organization_id in (select private.my_organization_ids('analyst')));

-- The review guard of 20261130120200, plus: only reviewers (and above) change review fields,
-- and recording an outcome completes the review.
create or replace function private.guard_review_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    return new;
  end if;
  if (new.review_status, new.assigned_to, new.review_outcome, new.review_notes)
       is distinct from (old.review_status, old.assigned_to, old.review_outcome, old.review_notes)
     and not exists (
       select 1 from public.organization_members
       where organization_id = new.organization_id and user_id = caller and role >= 'reviewer'
     ) then
    raise exception 'only reviewers (and above) change review fields' using errcode = '42501';
  end if;
  if new.assigned_to is not null and new.assigned_to is distinct from old.assigned_to
    and not exists (
      select 1 from public.organization_members
      where organization_id = new.organization_id
        and user_id = new.assigned_to
        and role >= 'reviewer'
    ) then
    raise exception 'analyses can only be assigned to a reviewer of the same organisation'
      using errcode = '23514';
  end if;
  if new.review_outcome is distinct from old.review_outcome then
    new.reviewed_by := case when new.review_outcome is null then null else caller end;
    new.reviewed_at := case when new.review_outcome is null then null else now() end;
    if new.review_outcome is not null then
      new.review_status := 'completed';
    end if;
  end if;
  return new;
end
$$;

-- Every change to a review, kept: who did what, when, and the review as it was afterwards.
-- Written only by the trigger below (members read it; nobody edits it).
create type public.review_action as enum
  ('flagged', 'claimed', 'assigned', 'unassigned', 'submitted', 'reopened', 'updated');

create table public.analysis_reviews (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  analysis_id uuid not null references public.call_analyses (id) on delete cascade,
  -- The member who made the change; null when the system did (a job flagging its analysis).
  actor_id uuid references auth.users (id) on delete set null,
  action public.review_action not null,
  review_status public.review_status not null,
  assigned_to uuid references auth.users (id) on delete set null,
  outcome public.review_outcome,
  notes text,
  created_at timestamptz not null default now()
);

create index analysis_reviews_analysis_idx
  on public.analysis_reviews (organization_id, analysis_id, created_at);

create function private.record_review_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  what public.review_action;
begin
  if tg_op = 'INSERT' then
    if not new.review_required then
      return null;
    end if;
    what := 'flagged';
  elsif new.review_outcome is distinct from old.review_outcome then
    what := case when new.review_outcome is null then 'reopened' else 'submitted' end;
  elsif new.assigned_to is distinct from old.assigned_to then
    what := case
      when new.assigned_to is null then 'unassigned'
      when new.assigned_to = caller then 'claimed'
      else 'assigned' end;
  elsif new.review_required and not old.review_required then
    what := 'flagged';
  elsif (new.review_status, new.review_notes) is distinct from (old.review_status, old.review_notes)
  then
    what := 'updated';
  else
    return null;
  end if;
  insert into public.analysis_reviews
    (organization_id, analysis_id, actor_id, action, review_status, assigned_to, outcome, notes)
  values (new.organization_id, new.id, caller, what, new.review_status, new.assigned_to,
    new.review_outcome, new.review_notes);
  return null;
end
$$;

create trigger call_analyses_review_record after insert or update on public.call_analyses
  for each row execute function private.record_review_change();

alter table public.analysis_reviews enable row level security;
revoke all on public.analysis_reviews from anon, authenticated;
grant select on public.analysis_reviews to authenticated;
grant all on public.analysis_reviews to service_role;

create policy "members read their review records" on public.analysis_reviews
  for select to authenticated
  using (organization_id in (select private.my_organization_ids()));

-- The organisation's figures for [since, until): counts by status, verdict and source, review
-- outcomes, the share of flagged calls that reviewers confirmed as scams, how long reviews took
-- (from the analysis being ready to its outcome), and the same per period (UTC day, week or
-- month). SECURITY INVOKER: a member's own token sees only their organisations' rows.
create function public.analysis_metrics(
  target_organization uuid, since timestamptz, until timestamptz, period text)
returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  with scoped as (
    select a.status, a.verdict, a.source, a.review_required, a.review_outcome,
      date_trunc(period, a.created_at at time zone 'UTC') as bucket,
      extract(epoch from (a.reviewed_at - coalesce(a.completed_at, a.created_at))) as review_s
    from public.call_analyses a
    where a.organization_id = target_organization
      and a.created_at >= since and a.created_at < until
  ),
  buckets as (
    select null::timestamp as bucket
    union all
    select distinct s.bucket from scoped s
  ),
  figures as (
    select b.bucket, jsonb_build_object(
      'total', count(s.*),
      'by_status', coalesce(
        (select jsonb_object_agg(x.k, x.n) from (select s2.status::text k, count(*) n
          from scoped s2 where b.bucket is null or s2.bucket = b.bucket group by 1) x), '{}'),
      'by_verdict', coalesce(
        (select jsonb_object_agg(x.k, x.n) from (select s2.verdict::text k, count(*) n
          from scoped s2 where (b.bucket is null or s2.bucket = b.bucket)
            and s2.verdict is not null group by 1) x), '{}'),
      'by_source', coalesce(
        (select jsonb_object_agg(x.k, x.n) from (select s2.source::text k, count(*) n
          from scoped s2 where b.bucket is null or s2.bucket = b.bucket group by 1) x), '{}'),
      'review', jsonb_build_object(
        'flagged', count(s.*) filter (where s.review_required),
        'awaiting', count(s.*) filter (where s.review_required and s.review_outcome is null),
        'reviewed', count(s.*) filter (where s.review_outcome is not null),
        'outcomes', jsonb_build_object(
          'confirmed_scam', count(s.*) filter (where s.review_outcome = 'confirmed_scam'),
          'false_positive', count(s.*) filter (where s.review_outcome = 'false_positive'),
          'inconclusive', count(s.*) filter (where s.review_outcome = 'inconclusive')),
        'flags_confirmed_share', round((count(s.*) filter (
            where s.review_required and s.review_outcome = 'confirmed_scam'))::numeric
          / nullif(count(s.*) filter (
            where s.review_required and s.review_outcome is not null), 0), 4),
        'time_to_review_s', jsonb_build_object(
          'median', round((percentile_cont(0.5) within group (order by s.review_s))::numeric, 1),
          'p90', round((percentile_cont(0.9) within group (order by s.review_s))::numeric, 1),
          'mean', round(avg(s.review_s)::numeric, 1)))
    ) as f
    from buckets b
    left join scoped s on b.bucket is null or s.bucket = b.bucket
    group by b.bucket
  )
  select jsonb_build_object(
    'since', since,
    'until', until,
    'period', period,
    'totals', (select f from figures where bucket is null),
    'periods', coalesce((select jsonb_agg(
        jsonb_build_object('start', to_char(bucket, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) || f
        order by bucket)
      from figures where bucket is not null), '[]'))
$$;

revoke all on function public.analysis_metrics(uuid, timestamptz, timestamptz, text)
  from public, anon;
grant execute on function public.analysis_metrics(uuid, timestamptz, timestamptz, text)
  to authenticated, service_role;

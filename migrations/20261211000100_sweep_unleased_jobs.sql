-- A `processing` job with no lease at all (a row written by hand: every claim sets a lease) was
-- never claimed again nor swept, because `null < now()` is not true: it stayed processing for
-- ever (issue #21). No lease now counts as an expired one. Both functions also look only at
-- uploads, the one source that is a job: a pending row of another kind, written by hand, is
-- not queued.
--
-- Otherwise as in 20261204000000_analysis_jobs.sql.

create or replace function public.claim_analysis_job(
  job_id uuid, lease_seconds integer, max_attempts integer)
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
    and a.source = 'upload'
    and (a.status = 'pending'
      or (a.status = 'processing' and coalesce(a.lease_expires_at, '-infinity') < now()))
  returning a.*
$$;

create or replace function public.recover_analysis_jobs(
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
  where a.source = 'upload'
    and a.status = 'processing'
    and coalesce(a.lease_expires_at, '-infinity') < now()
    and a.attempts >= max_attempts;

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
    where b.source = 'upload'
      and ((b.status = 'processing' and coalesce(b.lease_expires_at, '-infinity') < now())
        or (b.status = 'pending'
            and b.updated_at < now() - make_interval(secs => stale_pending_seconds)))
    order by b.updated_at
    limit max_rows
    for update skip locked
  )
  returning a.id, a.organization_id;
end
$$;

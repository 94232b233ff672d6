-- Every analysis an organisation runs (text, audio, stream, upload, Twilio call), with its
-- result and its review. Rows are written by the Worker (service role, or the member's own
-- JWT); members read their organisation's rows and reviewers work the review queue.

create type public.analysis_source as enum ('text', 'audio', 'stream', 'upload', 'twilio');
create type public.analysis_status as enum ('pending', 'processing', 'completed', 'error');
-- The same names as core/thresholds.ts VERDICTS (a test keeps the two in step).
create type public.verdict as enum ('SAFE', 'SUSPICIOUS', 'LIKELY_SCAM', 'SCAM');
create type public.review_status as enum ('none', 'pending', 'in_review', 'completed');
create type public.review_outcome as enum ('confirmed_scam', 'false_positive', 'inconclusive');

create table public.call_analyses (
  -- Callers may supply the id (the report's UUID), so a retried write is an idempotent
  -- upsert rather than a second row.
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  source public.analysis_source not null,
  status public.analysis_status not null default 'pending',
  file_id text,
  file_name text,
  audio_key text,
  trimmed_audio_key text,
  transcript text,
  segments jsonb,
  result jsonb,
  combined_score real check (combined_score between 0 and 1),
  verdict public.verdict,
  engines text[] not null default '{}',
  error text,
  review_required boolean not null default false,
  review_reason text,
  review_status public.review_status not null default 'none',
  assigned_to uuid references auth.users (id) on delete set null,
  reviewed_by uuid references auth.users (id) on delete set null,
  reviewed_at timestamptz,
  review_outcome public.review_outcome,
  review_notes text check (char_length(review_notes) <= 10000),
  metadata jsonb not null default '{}',
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  api_key_id uuid references public.api_keys (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);

-- The list (newest first, cursor on created_at + id) and its filters, always within one
-- organisation.
create index call_analyses_org_created_idx
  on public.call_analyses (organization_id, created_at desc, id desc);
create index call_analyses_org_status_idx
  on public.call_analyses (organization_id, status, created_at desc);
create index call_analyses_org_verdict_idx
  on public.call_analyses (organization_id, verdict, created_at desc);
create index call_analyses_org_score_idx
  on public.call_analyses (organization_id, combined_score);
-- The review queue holds only the rows that need a person, a small part of the table.
create index call_analyses_org_review_idx
  on public.call_analyses (organization_id, review_status, created_at desc)
  where review_required;
create index call_analyses_org_assignee_idx
  on public.call_analyses (organization_id, assigned_to, created_at desc)
  where assigned_to is not null;
-- Substring search in transcripts (`ilike '%gift card%'`).
create index call_analyses_transcript_trgm_idx
  on public.call_analyses using gin (transcript extensions.gin_trgm_ops);

create trigger call_analyses_updated_at before update on public.call_analyses
  for each row execute function private.set_updated_at();

-- Review rules for signed-in writers (the service role and migrations have no JWT subject
-- and are trusted):
--   * the assignee must be a reviewer (or above) of the same organisation;
--   * whoever records the outcome is stamped as reviewed_by, so it cannot be forged.
create function private.guard_review_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    return new;
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
  end if;
  return new;
end
$$;

create trigger call_analyses_review_guard before update on public.call_analyses
  for each row execute function private.guard_review_change();

alter table public.call_analyses enable row level security;

revoke all on public.call_analyses from anon, authenticated;
grant select, delete on public.call_analyses to authenticated;
grant insert (id, organization_id, source, status, file_id, file_name, audio_key,
  trimmed_audio_key, transcript, segments, result, combined_score, verdict, engines, error,
  review_required, review_reason, review_status, metadata, completed_at)
  on public.call_analyses to authenticated;
grant update (review_status, assigned_to, review_outcome, review_notes)
  on public.call_analyses to authenticated;
grant all on public.call_analyses to service_role;

create policy "members read their analyses" on public.call_analyses
  for select to authenticated
  using (organization_id in (select private.my_organization_ids()));
create policy "analysts create analyses" on public.call_analyses
  for insert to authenticated
  with check (
    organization_id in (select private.my_organization_ids('analyst'))
    and created_by = (select auth.uid())
  );
create policy "reviewers review analyses" on public.call_analyses
  for update to authenticated
  using (organization_id in (select private.my_organization_ids('reviewer')));
create policy "admins delete analyses" on public.call_analyses
  for delete to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));

-- Caller trust (issue #25): which number a phone call came from, as its keyed hash, and the
-- reviewers' word on it. A call's `caller_hash` is written by the service role only (it is in no
-- user's insert or update grant), so nobody can point a review at another number.
alter table public.call_analyses
  add column caller_hash text check (caller_hash ~ '^[A-Za-z0-9_=+/-]{16,128}$');

-- A review that confirms a call from a number a scam reports the number (+1); one that takes
-- that back (another outcome, or none) withdraws the report (-1). A number with no history row
-- (its call was never recorded) has nothing to report. Runs with the owner's rights: reviewers
-- may not call report_caller_number themselves.
create function private.report_caller_on_review() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  was_scam boolean := coalesce(old.review_outcome::text = 'confirmed_scam', false);
  is_scam boolean := coalesce(new.review_outcome::text = 'confirmed_scam', false);
begin
  if new.caller_hash is null or was_scam = is_scam then
    return null;
  end if;
  begin
    perform public.report_caller_number(
      new.organization_id, new.caller_hash, case when is_scam then 1 else -1 end);
  exception when no_data_found then
    null;
  end;
  return null;
end
$$;

revoke all on function private.report_caller_on_review() from public, anon, authenticated;

create trigger call_analyses_report_caller
  after update of review_outcome on public.call_analyses
  for each row execute function private.report_caller_on_review();

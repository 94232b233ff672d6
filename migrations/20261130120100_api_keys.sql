-- Organisation API keys. Only a SHA-256 hash of each key is stored (lowercase hex of the key's
-- UTF-8 bytes); the key itself is shown once, when it is created, and never again. The
-- hash is never readable by signed-in users: the Worker looks keys up with the service role.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 100),
  -- The first characters of the key, shown in lists so people can tell their keys apart.
  prefix text not null check (char_length(prefix) between 4 and 32),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null default '{}',
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);

create index api_keys_organization_idx on public.api_keys (organization_id, created_at desc);

-- A revoked key stays revoked: clearing or moving revoked_at would bring a leaked key back.
create function private.guard_api_key_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked API key cannot be restored' using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger api_keys_guard before update on public.api_keys
  for each row execute function private.guard_api_key_change();

alter table public.api_keys enable row level security;

-- Column privileges keep the hash out of every signed-in read: `select=*` and `select=hash`
-- both fail with "permission denied"; callers name the columns they want.
revoke all on public.api_keys from anon, authenticated;
grant select (id, organization_id, name, prefix, scopes, created_by, created_at, last_used_at,
  expires_at, revoked_at) on public.api_keys to authenticated;
grant insert (organization_id, name, prefix, hash, scopes, expires_at) on public.api_keys
  to authenticated;
grant update (name, revoked_at) on public.api_keys to authenticated;
grant delete on public.api_keys to authenticated;
grant all on public.api_keys to service_role;

create policy "admins see their keys" on public.api_keys
  for select to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins create keys" on public.api_keys
  for insert to authenticated
  with check (
    organization_id in (select private.my_organization_ids('admin'))
    and created_by = (select auth.uid())
  );
create policy "admins rename and revoke keys" on public.api_keys
  for update to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));
create policy "admins delete keys" on public.api_keys
  for delete to authenticated
  using (organization_id in (select private.my_organization_ids('admin')));

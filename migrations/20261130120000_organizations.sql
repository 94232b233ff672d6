-- Organisations and their members, with row-level security: a member sees only the
-- organisations they belong to, and what they may change follows their role.

create extension if not exists pg_trgm with schema extensions;

-- Roles in ascending order of privilege: comparisons (`role >= 'reviewer'`) read as "at least".
-- Each role can do everything the roles below it can.
create type public.member_role as enum ('viewer', 'analyst', 'reviewer', 'admin', 'owner');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null default 'viewer',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);

-- "Which organisations am I in?" is asked on every request; the primary key serves the
-- reverse question (members of one organisation).
create index organization_members_user_idx on public.organization_members (user_id);

-- Helpers live in a schema PostgREST does not expose, so they are not callable as RPCs.
create schema if not exists private;
grant usage on schema private to authenticated, service_role;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- The organisations the caller belongs to with at least `min_role`. Policies use it as
-- `organization_id in (select private.my_organization_ids(...))`, which Postgres evaluates once
-- per query rather than once per row. SECURITY DEFINER so policies on organization_members can
-- ask about membership without recursing into that table's own policies; the search_path is
-- fixed so a caller cannot shadow the tables it reads.
create function private.my_organization_ids(min_role public.member_role default 'viewer')
returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id from public.organization_members m
  where m.user_id = (select auth.uid()) and m.role >= min_role
$$;

revoke all on function private.my_organization_ids(public.member_role) from public, anon;
grant execute on function private.my_organization_ids(public.member_role)
  to authenticated, service_role;

create trigger organizations_updated_at before update on public.organizations
  for each row execute function private.set_updated_at();
create trigger organization_members_updated_at before update on public.organization_members
  for each row execute function private.set_updated_at();

-- Membership rules no policy can express, checked for every writer except the service role
-- and migrations (no JWT subject):
--   * nobody raises their own role;
--   * an organisation always keeps at least one owner. The organisation row is locked first so
--     two owners demoting each other at once cannot both see "another owner is left".
-- Deleting the organisation itself removes its members without the owner check.
create function private.guard_membership_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  org_exists boolean;
begin
  if tg_op = 'UPDATE' then
    if new.organization_id <> old.organization_id or new.user_id <> old.user_id then
      raise exception 'a membership cannot move to another organisation or user'
        using errcode = '42501';
    end if;
    if new.user_id = (select auth.uid()) and new.role > old.role then
      raise exception 'members cannot raise their own role' using errcode = '42501';
    end if;
  end if;

  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    select true into org_exists from public.organizations
      where id = old.organization_id for update;
    if coalesce(org_exists, false) and not exists (
      select 1 from public.organization_members
      where organization_id = old.organization_id
        and role = 'owner'
        and user_id <> old.user_id
    ) then
      raise exception 'an organisation must keep at least one owner' using errcode = 'P0001',
        hint = 'last_owner';
    end if;
  end if;

  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;

create trigger organization_members_guard before update or delete on public.organization_members
  for each row execute function private.guard_membership_change();

alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;

-- Supabase grants every table to anon and authenticated by default; narrow that to what the
-- policies below are written for. anon gets nothing at all.
revoke all on public.organizations, public.organization_members from anon, authenticated;
grant select on public.organizations to authenticated;
grant update (name) on public.organizations to authenticated;
grant delete on public.organizations to authenticated;
grant select, delete on public.organization_members to authenticated;
grant insert (organization_id, user_id, role) on public.organization_members to authenticated;
grant update (role) on public.organization_members to authenticated;
grant all on public.organizations, public.organization_members to service_role;

create policy "members read their organisations" on public.organizations
  for select to authenticated using (id in (select private.my_organization_ids()));
create policy "admins rename their organisation" on public.organizations
  for update to authenticated
  using (id in (select private.my_organization_ids('admin')));
create policy "owners delete their organisation" on public.organizations
  for delete to authenticated using (id in (select private.my_organization_ids('owner')));
-- No insert policy: organisations are created through create_organization(), which makes the
-- caller its first owner in the same transaction.

create policy "members see their co-members" on public.organization_members
  for select to authenticated using (organization_id in (select private.my_organization_ids()));
-- Admins manage members below owner; only owners add, change or remove owners.
create policy "admins add members" on public.organization_members
  for insert to authenticated
  with check (
    organization_id in (select private.my_organization_ids('owner'))
    or (organization_id in (select private.my_organization_ids('admin')) and role <> 'owner')
  );
-- Without WITH CHECK the same condition also applies to the new row: an admin can neither
-- touch an owner's membership nor make anyone (themselves included) an owner.
create policy "admins change roles" on public.organization_members
  for update to authenticated
  using (
    organization_id in (select private.my_organization_ids('owner'))
    or (organization_id in (select private.my_organization_ids('admin')) and role <> 'owner')
  );
create policy "admins remove members, anyone leaves" on public.organization_members
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or organization_id in (select private.my_organization_ids('owner'))
    or (organization_id in (select private.my_organization_ids('admin')) and role <> 'owner')
  );

-- The one way to create an organisation: the caller becomes its owner.
create function public.create_organization(name text) returns public.organizations
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  org public.organizations;
begin
  if caller is null then
    raise exception 'only a signed-in user can create an organisation' using errcode = '42501';
  end if;
  insert into public.organizations (name, created_by) values (btrim(name), caller)
    returning * into org;
  insert into public.organization_members (organization_id, user_id, role)
    values (org.id, caller, 'owner');
  return org;
end
$$;

revoke all on function public.create_organization(text) from public, anon;
grant execute on function public.create_organization(text) to authenticated, service_role;

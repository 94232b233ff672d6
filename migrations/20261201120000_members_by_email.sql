-- Members by email. The API adds members by email and lists them with their emails, but
-- signed-in users cannot read auth.users (on Supabase neither). These functions read from it
-- only what the caller may see.

-- The account with this email, case-insensitively. In a schema PostgREST does not expose, so
-- it is reachable only through the functions below, which check the caller first.
create function private.user_id_for_email(address text) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select u.id from auth.users u where lower(u.email) = lower(btrim(address))
$$;

revoke all on function private.user_id_for_email(text) from public, anon;
grant execute on function private.user_id_for_email(text) to authenticated, service_role;

-- Adds a member by user id or by email. SECURITY INVOKER: the insert runs as the caller, so the
-- row-level security policies (admins add members below owner, owners add anyone) and the
-- membership guard apply exactly as to a direct insert. The admin check comes first so nobody
-- else learns whether an email has an account.
create function public.add_organization_member(
  target_organization uuid,
  new_role public.member_role,
  target_user uuid default null,
  target_email text default null
) returns public.organization_members
language plpgsql security invoker
set search_path = ''
as $$
declare
  member_id uuid := target_user;
  added public.organization_members;
begin
  if target_organization is null
    or target_organization not in (select private.my_organization_ids('admin')) then
    raise exception 'only admins and owners add members' using errcode = '42501';
  end if;
  if member_id is null then
    if target_email is null then
      raise exception 'give a user id or an email' using errcode = '22023';
    end if;
    member_id := private.user_id_for_email(target_email);
    if member_id is null then
      raise exception 'no user has that email' using errcode = 'P0002', hint = 'no_such_user';
    end if;
  end if;
  insert into public.organization_members (organization_id, user_id, role)
    values (target_organization, member_id, new_role)
    returning * into added;
  return added;
end
$$;

revoke all on function public.add_organization_member(uuid, public.member_role, uuid, text)
  from public, anon;
grant execute on function public.add_organization_member(uuid, public.member_role, uuid, text)
  to authenticated;

-- An organisation's members with their emails, for its members only (anyone else gets no
-- rows). `target_user` narrows it to one member.
create function public.organization_members_with_email(
  target_organization uuid,
  target_user uuid default null
) returns table (
  user_id uuid,
  email text,
  role public.member_role,
  created_at timestamptz,
  updated_at timestamptz
)
language sql stable security definer
set search_path = ''
as $$
  select m.user_id, u.email, m.role, m.created_at, m.updated_at
  from public.organization_members m
  join auth.users u on u.id = m.user_id
  where m.organization_id = target_organization
    and target_organization in (select private.my_organization_ids())
    and (target_user is null or m.user_id = target_user)
  order by m.created_at, m.user_id
$$;

revoke all on function public.organization_members_with_email(uuid, uuid) from public, anon;
grant execute on function public.organization_members_with_email(uuid, uuid) to authenticated;

-- Invitations (issue #21). Admins could add any existing account to their organisation by
-- email or id, without its owner's consent, and `add_organization_member` told them which
-- emails had an account (an admin is anyone: anyone may create an organisation). Now nobody
-- joins an organisation but by creating it or by accepting an invitation:
--   * an admin invites an email or a user id; the answer never depends on whether an account
--     has it (nothing reads auth.users to make an invitation);
--   * the invitee sees invitations addressed to their account's email or id, and accepts or
--     declines; an admin revokes; an invitation expires after 7 days;
--   * a pending invitation is no membership: it changes nothing about the organisations a
--     user's requests act for.
-- Signed-in users read invitations (their organisation's as admins, their own as invitees)
-- and change them only through the functions below.

create type public.invitation_status as enum ('pending', 'accepted', 'declined', 'revoked');

create table public.organization_invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Exactly one: an email (kept lower-case) or an account id. No foreign key on user_id, so
  -- an invitation for an id nobody has is made like any other.
  email text check (email = lower(btrim(email)) and char_length(email) between 3 and 320),
  user_id uuid,
  role public.member_role not null default 'viewer',
  status public.invitation_status not null default 'pending',
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  -- When it was accepted, declined or revoked, and by whom.
  responded_at timestamptz,
  responded_by uuid references auth.users (id) on delete set null,
  check ((email is null) <> (user_id is null))
);

-- One open invitation per person and organisation: inviting again renews it.
create unique index organization_invitations_pending_email_idx
  on public.organization_invitations (organization_id, email) where status = 'pending';
create unique index organization_invitations_pending_user_idx
  on public.organization_invitations (organization_id, user_id) where status = 'pending';
create index organization_invitations_email_idx on public.organization_invitations (email)
  where status = 'pending';
create index organization_invitations_user_idx on public.organization_invitations (user_id)
  where status = 'pending';

-- Where an invitation stands: its status, or `expired` for an open one past its time. A
-- computed column for PostgREST (`select=…,state`); the one place the rule is written.
create function public.invitation_state(inv public.organization_invitations) returns text
language sql stable
set search_path = ''
as $$
  select case when inv.status = 'pending' and inv.expires_at <= now() then 'expired'
    else inv.status::text end
$$;

revoke all on function public.invitation_state(public.organization_invitations) from public, anon;
grant execute on function public.invitation_state(public.organization_invitations)
  to authenticated, service_role;

-- The caller's account email (lower-case), which the invitations addressed to them name.
create function private.my_email() returns text
language sql stable security definer
set search_path = ''
as $$
  select lower(u.email) from auth.users u where u.id = (select auth.uid())
$$;

revoke all on function private.my_email() from public, anon;
grant execute on function private.my_email() to authenticated;

-- Whether an invitation is addressed to the caller.
create function private.invited_me(inv public.organization_invitations) returns boolean
language sql stable
set search_path = ''
as $$
  select inv.user_id = (select auth.uid()) or inv.email = (select private.my_email())
$$;

revoke all on function private.invited_me(public.organization_invitations) from public, anon;
grant execute on function private.invited_me(public.organization_invitations) to authenticated;

alter table public.organization_invitations enable row level security;
revoke all on public.organization_invitations from anon, authenticated;
grant select on public.organization_invitations to authenticated;
grant all on public.organization_invitations to service_role;

create policy "admins see their invitations, invitees their own" on public.organization_invitations
  for select to authenticated
  using (
    organization_id in (select private.my_organization_ids('admin'))
    or private.invited_me(organization_invitations)
  );

-- Members join only by create_organization() or accept_invitation() (both SECURITY DEFINER):
-- no signed-in user inserts a membership, and add_organization_member() is gone.
drop policy "admins add members" on public.organization_members;
revoke insert on public.organization_members from authenticated;
drop function public.add_organization_member(uuid, public.member_role, uuid, text);
drop function private.user_id_for_email(text);

-- Invites an email or an account id (admins; owners alone invite owners). The answer is the
-- invitation whether or not any account has that email or id; an open invitation for the same
-- person is renewed (role, expiry, inviter). A current member is refused (`already_member`):
-- members' emails are listed to every member anyway.
create function public.create_invitation(
  target_organization uuid,
  new_role public.member_role,
  target_email text default null,
  target_user uuid default null
) returns public.organization_invitations
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  address text := lower(btrim(target_email));
  made public.organization_invitations;
begin
  if caller is null
    or target_organization is null
    or target_organization not in (select private.my_organization_ids('admin')) then
    raise exception 'only admins and owners invite members' using errcode = '42501';
  end if;
  if new_role = 'owner'
    and target_organization not in (select private.my_organization_ids('owner')) then
    raise exception 'only owners invite owners' using errcode = '42501';
  end if;
  if (address is null) = (target_user is null) then
    raise exception 'give an email or a user id' using errcode = '22023';
  end if;
  if exists (
    select 1 from public.organization_members m
    join auth.users u on u.id = m.user_id
    where m.organization_id = target_organization
      and (m.user_id = target_user or lower(u.email) = address)
  ) then
    raise exception 'already a member of this organisation' using errcode = '23505',
      hint = 'already_member';
  end if;
  update public.organization_invitations i
    set role = new_role, invited_by = caller, created_at = now(),
        expires_at = now() + interval '7 days'
    where i.organization_id = target_organization and i.status = 'pending'
      and (i.email = address or i.user_id = target_user)
    returning * into made;
  if not found then
    insert into public.organization_invitations
        (organization_id, email, user_id, role, invited_by)
      values (target_organization, address, target_user, new_role, caller)
      returning * into made;
  end if;
  return made;
end
$$;

-- The open invitation `invitation` addressed to the caller, locked; raises P0002 when there is
-- none (unknown, someone else's, or already answered), `invitation_expired` when it ran out.
create function private.my_open_invitation(invitation uuid)
returns public.organization_invitations
language plpgsql security definer
set search_path = ''
as $$
declare
  found_row public.organization_invitations;
begin
  select * into found_row from public.organization_invitations i
    where i.id = invitation and i.status = 'pending' and private.invited_me(i)
    for update;
  if not found then
    raise exception 'no such invitation' using errcode = 'P0002', hint = 'no_such_invitation';
  end if;
  if public.invitation_state(found_row) = 'expired' then
    raise exception 'the invitation has expired; ask for a new one' using errcode = 'P0001',
      hint = 'invitation_expired';
  end if;
  return found_row;
end
$$;

revoke all on function private.my_open_invitation(uuid) from public, anon;
grant execute on function private.my_open_invitation(uuid) to authenticated;

-- The invitee joins, with the invited role. Returns the membership.
create function public.accept_invitation(invitation uuid)
returns public.organization_members
language plpgsql security definer
set search_path = ''
as $$
declare
  inv public.organization_invitations := private.my_open_invitation(invitation);
  joined public.organization_members;
begin
  insert into public.organization_members (organization_id, user_id, role)
    values (inv.organization_id, (select auth.uid()), inv.role)
    on conflict (organization_id, user_id) do nothing
    returning * into joined;
  if not found then
    raise exception 'already a member of this organisation' using errcode = '23505',
      hint = 'already_member';
  end if;
  update public.organization_invitations
    set status = 'accepted', responded_at = now(), responded_by = (select auth.uid())
    where id = inv.id;
  return joined;
end
$$;

-- The invitee says no.
create function public.decline_invitation(invitation uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  inv public.organization_invitations := private.my_open_invitation(invitation);
begin
  update public.organization_invitations
    set status = 'declined', responded_at = now(), responded_by = (select auth.uid())
    where id = inv.id;
end
$$;

-- An admin withdraws an open invitation of their organisation (an owner's, for owner
-- invitations).
create function public.revoke_invitation(invitation uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.organization_invitations i
    set status = 'revoked', responded_at = now(), responded_by = (select auth.uid())
    where i.id = invitation and i.status = 'pending'
      and i.organization_id in (select private.my_organization_ids(
        case when i.role = 'owner' then 'owner'::public.member_role
          else 'admin'::public.member_role end));
  if not found then
    raise exception 'no such invitation' using errcode = 'P0002', hint = 'no_such_invitation';
  end if;
end
$$;

-- The open invitations addressed to the caller (expired ones say so), with the name of the
-- organisation, which they may not read otherwise; newest first.
create function public.my_invitations()
returns table (
  id uuid,
  organization_id uuid,
  organization_name text,
  role public.member_role,
  state text,
  created_at timestamptz,
  expires_at timestamptz
)
language sql stable security definer
set search_path = ''
as $$
  select i.id, i.organization_id, o.name, i.role, public.invitation_state(i), i.created_at,
    i.expires_at
  from public.organization_invitations i
  join public.organizations o on o.id = i.organization_id
  where private.invited_me(i) and i.status = 'pending'
  order by i.created_at desc
$$;

revoke all on function public.create_invitation(uuid, public.member_role, text, uuid)
  from public, anon;
revoke all on function public.accept_invitation(uuid) from public, anon;
revoke all on function public.decline_invitation(uuid) from public, anon;
revoke all on function public.revoke_invitation(uuid) from public, anon;
revoke all on function public.my_invitations() from public, anon;
grant execute on function public.create_invitation(uuid, public.member_role, text, uuid)
  to authenticated;
grant execute on function public.accept_invitation(uuid) to authenticated;
grant execute on function public.decline_invitation(uuid) to authenticated;
grant execute on function public.revoke_invitation(uuid) to authenticated;
grant execute on function public.my_invitations() to authenticated;

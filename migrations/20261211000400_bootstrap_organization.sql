-- First run on a real project: `npm run bootstrap` (service role) creates the first
-- organisation, makes an existing or just-invited user its owner, and stores the hash of its
-- first API key, in one transaction, so a failure leaves no organisation without an owner or a
-- key. An organisation name already taken (case and outer spaces aside) is refused, hint
-- `organization_exists`, so running the bootstrap twice creates nothing twice.
create function public.bootstrap_organization(
  organization_name text,
  owner_id uuid,
  key_name text,
  key_prefix text,
  key_hash text
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  org_id uuid;
  key_id uuid;
begin
  -- Two bootstraps at once must not both pass the name check.
  perform pg_advisory_xact_lock(hashtext('public.bootstrap_organization'));
  select o.id into org_id from public.organizations o
    where lower(btrim(o.name)) = lower(btrim(organization_name))
    limit 1;
  if org_id is not null then
    raise exception 'an organisation named "%" already exists (id %)', btrim(organization_name), org_id
      using errcode = '23505', hint = 'organization_exists';
  end if;
  if not exists (select 1 from auth.users u where u.id = owner_id) then
    raise exception 'no user has id %', owner_id using errcode = 'P0002', hint = 'no_such_user';
  end if;
  insert into public.organizations (name, created_by) values (btrim(organization_name), owner_id)
    returning id into org_id;
  insert into public.organization_members (organization_id, user_id, role)
    values (org_id, owner_id, 'owner');
  insert into public.api_keys (organization_id, name, prefix, hash, created_by)
    values (org_id, key_name, key_prefix, key_hash, owner_id)
    returning id into key_id;
  return jsonb_build_object('organization_id', org_id, 'api_key_id', key_id);
end
$$;

revoke all on function public.bootstrap_organization(text, uuid, text, text, text)
  from public, anon, authenticated;
grant execute on function public.bootstrap_organization(text, uuid, text, text, text)
  to service_role;

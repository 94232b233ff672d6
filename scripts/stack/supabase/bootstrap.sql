-- LOCAL ONLY. Never apply this to a real Supabase project: Supabase already provides all of it.
--
-- Recreates the few pieces of a Supabase database that the migrations rely on, so the same
-- migrations run on the embedded Postgres of `npm start` and the tests:
--   * roles anon, authenticated, service_role (BYPASSRLS) and authenticator (PostgREST logs
--     in as it and switches to the JWT's `role` claim);
--   * schema auth with auth.users and auth.uid() / auth.role() / auth.email() / auth.jwt(),
--     which read the claims PostgREST puts in `request.jwt.claims`;
--     (the few admin endpoints of Supabase Auth that `npm run bootstrap` uses are served by
--     auth-admin.ts over this table);
--   * schema extensions (where Supabase installs extensions);
--   * Supabase's default privileges: every new table, sequence and function in public is
--     granted to anon, authenticated and service_role, and row-level security is what keeps
--     rows apart. Mirroring that here makes the local stack exactly as permissive as a real
--     project, so a migration that forgets a revoke fails the tests here too.
-- Idempotent: applied on every start. The authenticator's password is set by the caller
-- (`set_config('bootstrap.authenticator_password', …)`) before this script runs; an empty one
-- leaves it as it is.

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

alter role service_role bypassrls;
grant anon, authenticated, service_role to authenticator;

do $$
begin
  if current_setting('bootstrap.authenticator_password', true) <> '' then
    execute format(
      'alter role authenticator password %L',
      current_setting('bootstrap.authenticator_password')
    );
  end if;
end
$$;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  raw_app_meta_data jsonb not null default '{}',
  raw_user_meta_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Columns Supabase Auth keeps too, which the local auth admin API (auth-admin.ts) sets.
alter table auth.users add column if not exists invited_at timestamptz;
alter table auth.users add column if not exists email_confirmed_at timestamptz;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select nullif(auth.jwt() ->> 'sub', '')::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select nullif(auth.jwt() ->> 'role', '')
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select nullif(auth.jwt() ->> 'email', '')
$$;

grant execute on all functions in schema auth to anon, authenticated, service_role;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

import { describe, expect, inject, it } from 'vitest';
import { signUserJwt } from '../../scripts/stack/supabase/keys';
import { anonClient, makeOrg, userJwt } from './clients';

/** Without a user token nothing is visible, and a bad token gets nobody in. */

const TABLES = [
  'organizations',
  'organization_members',
  'api_keys',
  'call_analyses',
  'campaigns',
  'campaign_hourly_counts',
  'caller_numbers',
  'shared_campaigns',
  'shared_caller_numbers',
] as const;

describe('anon', () => {
  it('sees nothing and writes nothing', async () => {
    const org = await makeOrg('Public?');
    const anon = anonClient();
    for (const table of TABLES) {
      const read = await anon.from(table).select('*');
      expect(read.data ?? []).toEqual([]);
      expect(read.error?.code).toBe('42501');
    }
    const read = await anon.from('organizations').select('id').eq('id', org.id);
    expect(read.data ?? []).toEqual([]);
    const write = await anon
      .from('call_analyses')
      .insert({ organization_id: org.id, source: 'text' });
    expect(write.error?.code).toBe('42501');
    const rpc = await anon.rpc('create_organization', { name: 'anon org' });
    expect(rpc.error?.code).toBe('42501');
  });
});

describe('the gateway and PostgREST', () => {
  const { url, anonKey, jwtSecret } = inject('supabase');
  const get = (headers: Record<string, string>) =>
    fetch(`${url}/rest/v1/organizations?select=id`, { headers });

  it('want a project key in apikey, like Supabase', async () => {
    const missing = await get({});
    expect(missing.status).toBe(401);
    const wrong = await get({ apikey: 'not-a-project-key' });
    expect(wrong.status).toBe(401);
    const elsewhere = await fetch(`${url}/auth/v1/user`, { headers: { apikey: anonKey } });
    expect(elsewhere.status).toBe(404);
  });

  it('refuse forged, expired and wrongly signed tokens', async () => {
    const org = await makeOrg('Tokens');
    const { owner } = org.members;
    const valid = await get({ apikey: anonKey, authorization: `Bearer ${owner.jwt}` });
    expect(await valid.json()).toEqual([{ id: org.id }]);

    const [header, payload] = owner.jwt.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const expired = await userJwt(owner.id, { expiresInS: -60 });
    const otherSecret = await signUserJwt(`${jwtSecret}-not`, { sub: owner.id, issuer: url });
    for (const token of [forged, expired, otherSecret]) {
      const res = await get({ apikey: anonKey, authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    }
  });
});

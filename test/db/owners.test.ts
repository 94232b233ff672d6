import { describe, expect, it } from 'vitest';
import { makeOrg, serviceClient, signUp } from './clients';

/** An organisation always keeps an owner, whoever tries and however they race. */

async function owners(orgId: string): Promise<string[]> {
  const rows = await serviceClient()
    .from('organization_members')
    .select('user_id')
    .eq('organization_id', orgId)
    .eq('role', 'owner');
  return (rows.data ?? []).map((r) => r.user_id);
}

describe('the last owner', () => {
  it('cannot leave, be removed or be demoted', async () => {
    const { id, members } = await makeOrg('Solo');
    const { owner } = members;
    const leave = await owner.db
      .from('organization_members')
      .delete()
      .eq('organization_id', id)
      .eq('user_id', owner.id);
    expect(leave.error?.hint).toBe('last_owner');
    const demote = await owner.db
      .from('organization_members')
      .update({ role: 'admin' })
      .eq('organization_id', id)
      .eq('user_id', owner.id);
    expect(demote.error?.hint).toBe('last_owner');
    expect(await owners(id)).toEqual([owner.id]);
  });

  it('can step down once another owner exists', async () => {
    const { id, members } = await makeOrg('Pair');
    const { owner, admin } = members;
    const promoted = await owner.db
      .from('organization_members')
      .update({ role: 'owner' })
      .eq('organization_id', id)
      .eq('user_id', admin.id);
    expect(promoted.error).toBeNull();
    const left = await owner.db
      .from('organization_members')
      .delete()
      .eq('organization_id', id)
      .eq('user_id', owner.id);
    expect(left.error).toBeNull();
    expect(await owners(id)).toEqual([admin.id]);
  });

  it('survives two owners demoting each other at the same time', async () => {
    const { id, members } = await makeOrg('Race');
    const first = members.owner;
    const second = await signUp();
    await serviceClient()
      .from('organization_members')
      .insert({ organization_id: id, user_id: second.id, role: 'owner' });
    const demote = (actor: typeof first, target: string) =>
      actor.db
        .from('organization_members')
        .update({ role: 'admin' })
        .eq('organization_id', id)
        .eq('user_id', target)
        .select('user_id');
    const results = await Promise.all([demote(first, second.id), demote(second, first.id)]);
    // Whichever runs second finds no other owner left (or is no longer an owner itself).
    const succeeded = results.filter((r) => r.data?.length === 1);
    expect(succeeded).toHaveLength(1);
    expect(await owners(id)).toHaveLength(1);
  });

  it('does not stop the organisation itself from being deleted', async () => {
    const { id, members } = await makeOrg('Gone');
    const deleted = await members.owner.db.from('organizations').delete().eq('id', id).select('id');
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([{ id }]);
    const service = serviceClient();
    const left = await service
      .from('organization_members')
      .select('user_id')
      .eq('organization_id', id);
    expect(left.data).toEqual([]);
    const analyses = await service.from('call_analyses').select('id').eq('organization_id', id);
    expect(analyses.data).toEqual([]);
  });

  it('only an owner deletes the organisation', async () => {
    const { id, members } = await makeOrg('Kept');
    const byAdmin = await members.admin.db.from('organizations').delete().eq('id', id).select('id');
    expect(byAdmin.data).toEqual([]);
    expect(await owners(id)).toEqual([members.owner.id]);
  });
});

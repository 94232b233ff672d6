import { beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../worker/services/auth/api-key';
import { makeOrg, serviceClient, signUp, type TestOrg } from './clients';

/** Inside one organisation, what each role may do, straight through PostgREST. */

let org: TestOrg;
beforeAll(async () => {
  org = await makeOrg('Roles');
});

async function roleOf(userId: string): Promise<string | undefined> {
  const row = await serviceClient()
    .from('organization_members')
    .select('role')
    .eq('organization_id', org.id)
    .eq('user_id', userId)
    .maybeSingle();
  return row.data?.role;
}

describe('viewer', () => {
  it('reads the organisation and its analyses', async () => {
    const { viewer } = org.members;
    const analyses = await viewer.db.from('call_analyses').select('id, verdict');
    expect(analyses.data).toEqual([{ id: org.analysisId, verdict: 'SCAM' }]);
    const members = await viewer.db.from('organization_members').select('user_id');
    expect(members.data).toHaveLength(5);
  });

  it('cannot write anything', async () => {
    const { viewer } = org.members;
    const insert = await viewer.db
      .from('call_analyses')
      .insert({ organization_id: org.id, source: 'text' });
    expect(insert.error?.code).toBe('42501');

    const review = await viewer.db
      .from('call_analyses')
      .update({ review_notes: 'looks fine' })
      .eq('id', org.analysisId)
      .select('id');
    expect(review.data).toEqual([]);

    const remove = await viewer.db
      .from('call_analyses')
      .delete()
      .eq('id', org.analysisId)
      .select('id');
    expect(remove.data).toEqual([]);

    const rename = await viewer.db
      .from('organizations')
      .update({ name: 'mine' })
      .eq('id', org.id)
      .select('id');
    expect(rename.data).toEqual([]);

    const stranger = await signUp();
    const add = await viewer.db
      .from('organization_members')
      .insert({ organization_id: org.id, user_id: stranger.id, role: 'viewer' });
    expect(add.error?.code).toBe('42501');

    const stored = await serviceClient()
      .from('call_analyses')
      .select('review_notes')
      .eq('id', org.analysisId)
      .single();
    expect(stored.data?.review_notes).toBeNull();
  });

  it('sees no API keys', async () => {
    const keys = await org.members.viewer.db.from('api_keys').select('id, name');
    expect(keys.error).toBeNull();
    expect(keys.data).toEqual([]);
  });
});

describe('analyst', () => {
  it('creates analyses in their organisation, as themselves', async () => {
    const { analyst } = org.members;
    const created = await analyst.db
      .from('call_analyses')
      .insert({ organization_id: org.id, source: 'upload', file_name: 'call.wav' })
      .select('id, created_by, status, review_status')
      .single();
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({
      created_by: analyst.id,
      status: 'pending',
      review_status: 'none',
    });

    const forged = await analyst.db
      .from('call_analyses')
      .insert({ organization_id: org.id, source: 'text', created_by: org.members.owner.id });
    expect(forged.error?.code).toBe('42501');
  });

  it("cannot name storage keys: those are the server's", async () => {
    const { analyst, owner } = org.members;
    for (const keys of [
      { audio_key: `${org.id}/x/call.wav` },
      { trimmed_audio_key: `${org.id}/x/trimmed.wav` },
    ]) {
      const inserted = await analyst.db
        .from('call_analyses')
        .insert({ organization_id: org.id, source: 'upload', ...keys });
      expect(inserted.error?.code, Object.keys(keys)[0]).toBe('42501');
      // Not even an owner may change them afterwards.
      const updated = await owner.db
        .from('call_analyses')
        .update(keys)
        .eq('id', org.analysisId)
        .select('id');
      expect(updated.error?.code, Object.keys(keys)[0]).toBe('42501');
    }
  });

  it('cannot review', async () => {
    // Analysts may update an analysis's metadata, so the row is theirs to update; the review
    // guard refuses the review fields.
    const review = await org.members.analyst.db
      .from('call_analyses')
      .update({ review_outcome: 'confirmed_scam' })
      .eq('id', org.analysisId)
      .select('id');
    expect(review.error?.code).toBe('42501');
    const row = await serviceClient()
      .from('call_analyses')
      .select('review_outcome')
      .eq('id', org.analysisId)
      .single();
    expect(row.data).toEqual({ review_outcome: null });
  });
});

describe('reviewer', () => {
  it('records a review, stamped with who made it', async () => {
    const { reviewer } = org.members;
    const reviewed = await reviewer.db
      .from('call_analyses')
      .update({
        review_status: 'completed',
        review_outcome: 'confirmed_scam',
        review_notes: 'gift cards',
      })
      .eq('id', org.analysisId)
      .select('review_status, review_outcome, reviewed_by, reviewed_at')
      .single();
    expect(reviewed.error).toBeNull();
    expect(reviewed.data).toMatchObject({
      review_status: 'completed',
      review_outcome: 'confirmed_scam',
      reviewed_by: reviewer.id,
    });
    expect(reviewed.data?.reviewed_at).toBeTruthy();
  });

  it('cannot change the result itself or forge the reviewer', async () => {
    const { reviewer } = org.members;
    const verdict = await reviewer.db
      .from('call_analyses')
      .update({ verdict: 'SAFE' })
      .eq('id', org.analysisId);
    expect(verdict.error?.code).toBe('42501'); // no update privilege on that column
    const forged = await reviewer.db
      .from('call_analyses')
      .update({ reviewed_by: org.members.owner.id })
      .eq('id', org.analysisId);
    expect(forged.error?.code).toBe('42501');
  });

  it('assigns only to reviewers of the same organisation', async () => {
    const { reviewer, analyst } = org.members;
    const toAnalyst = await reviewer.db
      .from('call_analyses')
      .update({ assigned_to: analyst.id })
      .eq('id', org.analysisId);
    expect(toAnalyst.error?.code).toBe('23514');
    const outsider = await signUp();
    const toOutsider = await reviewer.db
      .from('call_analyses')
      .update({ assigned_to: outsider.id })
      .eq('id', org.analysisId);
    expect(toOutsider.error?.code).toBe('23514');
    const toSelf = await reviewer.db
      .from('call_analyses')
      .update({ assigned_to: reviewer.id })
      .eq('id', org.analysisId)
      .select('assigned_to')
      .single();
    expect(toSelf.data?.assigned_to).toBe(reviewer.id);
  });
});

describe('admin', () => {
  it('changes roles below owner (members join by accepting an invitation, not by insert)', async () => {
    const { admin } = org.members;
    const newcomer = await signUp();
    const added = await admin.db
      .from('organization_members')
      .insert({ organization_id: org.id, user_id: newcomer.id, role: 'viewer' });
    expect(added.error?.code).toBe('42501');
    const invited = await admin.db.rpc('create_invitation', {
      target_organization: org.id,
      new_role: 'viewer',
      target_user: newcomer.id,
    });
    expect(invited.error).toBeNull();
    const joined = await newcomer.db.rpc('accept_invitation', {
      invitation: (invited.data as { id: string }).id,
    });
    expect(joined.error).toBeNull();
    const promoted = await admin.db
      .from('organization_members')
      .update({ role: 'reviewer' })
      .eq('organization_id', org.id)
      .eq('user_id', newcomer.id)
      .select('role')
      .single();
    expect(promoted.data?.role).toBe('reviewer');

    const asOwner = await admin.db
      .from('organization_members')
      .update({ role: 'owner' })
      .eq('organization_id', org.id)
      .eq('user_id', newcomer.id);
    expect(asOwner.error?.code).toBe('42501');
    const ownerAdded = await admin.db
      .from('organization_members')
      .insert({ organization_id: org.id, user_id: (await signUp()).id, role: 'owner' });
    expect(ownerAdded.error?.code).toBe('42501');
    const demoteOwner = await admin.db
      .from('organization_members')
      .update({ role: 'viewer' })
      .eq('user_id', org.members.owner.id)
      .select('role');
    expect(demoteOwner.data).toEqual([]);
    expect(await roleOf(org.members.owner.id)).toBe('owner');
  });

  it('creates and revokes keys; a revoked key stays revoked', async () => {
    const { admin } = org.members;
    const key = await issueApiKey();
    const created = await admin.db
      .from('api_keys')
      .insert({ organization_id: org.id, name: 'ingest', prefix: key.prefix, hash: key.hash })
      .select('id, created_by, prefix')
      .single();
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ created_by: admin.id, prefix: key.prefix });
    const id = created.data?.id;

    const revoked = await admin.db
      .from('api_keys')
      .update({ revoked_at: new Date().toISOString() })
      .eq('id', id)
      .select('revoked_at')
      .single();
    expect(revoked.data?.revoked_at).toBeTruthy();
    const restored = await admin.db.from('api_keys').update({ revoked_at: null }).eq('id', id);
    expect(restored.error?.code).toBe('42501');
    const stored = await serviceClient()
      .from('api_keys')
      .select('revoked_at')
      .eq('id', id)
      .single();
    expect(stored.data?.revoked_at).toBeTruthy();
  });
});

describe('nobody raises their own role', () => {
  it.each(['viewer', 'analyst', 'reviewer', 'admin'] as const)('%s', async (role) => {
    const member = org.members[role];
    const raised = await member.db
      .from('organization_members')
      .update({ role: 'owner' })
      .eq('organization_id', org.id)
      .eq('user_id', member.id)
      .select('role');
    // Refused either by the policy (no row matches for lower roles) or by the check.
    expect(raised.data ?? []).toEqual([]);
    expect(await roleOf(member.id)).toBe(role);
  });

  it('not even one step', async () => {
    const { reviewer } = org.members;
    const step = await reviewer.db
      .from('organization_members')
      .update({ role: 'admin' })
      .eq('organization_id', org.id)
      .eq('user_id', reviewer.id)
      .select('role');
    expect(step.data ?? []).toEqual([]);
    expect(await roleOf(reviewer.id)).toBe('reviewer');
  });
});

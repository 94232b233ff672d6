import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepJobs } from '../../../worker/jobs/sweep';
import { fromBase64 } from '../../durable-objects/ws-client';
import { as, makeOrg, serviceDb, type TestOrg, userDb } from '../workerd/harness';
import { deliver, jobApp, upload } from '../workerd/jobs';

/**
 * Storage keys across organisations (issue #21, item 1). An analysis row names its audio, and
 * members of A can write rows through PostgREST themselves. Whatever such a row says, the
 * Worker must never sign, read, delete or analyse organisation B's objects for A: keys are
 * derived by the server, and every use checks the key's organisation.
 */

const { app, sent } = jobApp();
const speech = fromBase64(inject('speechChunks')[0]!);
let a: TestOrg;
let b: TestOrg;
/** B's uploaded recording and a trimmed recording of B's, both in storage. */
let bFile: { file_id: string; file_name: string };
let bOriginal: string;
let bTrimmed: string;

const objects = () => app.services.storage.objects;

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'Keys A'), makeOrg(app, 'Keys B')]);
  const uploaded = await upload(app, b.key, speech, 'b-secret-call.wav');
  expect(uploaded.status).toBe(201);
  bFile = uploaded.body;
  bOriginal = `${b.id}/${bFile.file_id}/${bFile.file_name}`;
  bTrimmed = `${b.id}/${crypto.randomUUID()}/trimmed.wav`;
  await objects().put(bTrimmed, speech, { contentType: 'audio/wav', size: speech.byteLength });
});

/** An A row that names B's audio, as one written before the keys were the server's alone. */
async function forgedRow(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = crypto.randomUUID();
  const inserted = await serviceDb()
    .from('call_analyses')
    .insert({
      id,
      organization_id: a.id,
      source: 'upload',
      status: 'completed',
      file_id: bFile.file_id,
      file_name: bFile.file_name,
      audio_key: bOriginal,
      trimmed_audio_key: bTrimmed,
      created_by: a.members.analyst.id,
      ...overrides,
    });
  if (inserted.error) throw new Error(inserted.error.message);
  return id;
}

describe("a row of A naming B's storage keys", () => {
  it('cannot be written by a member of A through PostgREST', async () => {
    for (const keys of [{ audio_key: bOriginal }, { trimmed_audio_key: bTrimmed }]) {
      const inserted = await userDb(a.members.analyst.jwt)
        .from('call_analyses')
        .insert({
          organization_id: a.id,
          source: 'upload',
          status: 'completed',
          ...keys,
        });
      // Column privileges: the keys are the server's to write.
      expect(inserted.error?.code, JSON.stringify(keys)).toBe('42501');
    }
    // The same row without them is the analyst's to write (it is the keys that are refused).
    const plain = await userDb(a.members.analyst.jwt)
      .from('call_analyses')
      .insert({ organization_id: a.id, source: 'upload', status: 'completed' });
    expect(plain.error).toBeNull();
  });

  it("gets no URL for B's audio: the keys come from A's own namespace", async () => {
    const id = await forgedRow();
    const res = await app.json<{ original: unknown; trimmed: unknown }>(
      `/api/v1/analyses/${id}/audio`,
      as(a.members.viewer.jwt),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ original: null, trimmed: null });
  });

  it("deleted by A's admin, leaves B's files where they are", async () => {
    const id = await forgedRow();
    const res = await app.fetch(
      `/api/v1/analyses/${id}`,
      as(a.members.admin.jwt, { method: 'DELETE' }),
    );
    expect(res.status).toBe(204);
    expect(await objects().head(bOriginal)).not.toBeNull();
    expect(await objects().head(bTrimmed)).not.toBeNull();
  });

  it("swept as a lost job, never reads B's recording into A's row", async () => {
    const stale = new Date(Date.now() - 60 * 60_000).toISOString();
    const id = await forgedRow({ status: 'pending', updated_at: stale });
    sent.length = 0;
    await sweepJobs(app.services);
    const message = { analysis_id: id, organization_id: a.id };
    expect(sent).toContainEqual(message);
    await deliver(app, [message]);
    const row = await serviceDb()
      .from('call_analyses')
      .select('status, error_code, transcript, result')
      .eq('id', id)
      .single();
    expect(row.data).toMatchObject({
      status: 'error',
      error_code: 'FILE_MISSING',
      transcript: null,
      result: null,
    });
  });
});

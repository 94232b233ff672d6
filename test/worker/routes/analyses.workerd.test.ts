import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import type { ServerMessage } from '#core/schemas/stream-protocol';
import { fromBase64 } from '../../durable-objects/ws-client';
import {
  as,
  eventually,
  makeOrg,
  serviceDb,
  type TestApp,
  type TestOrg,
  testApp,
} from '../workerd/harness';

/**
 * Every analysis is kept: text, audio and the final result of every stream become
 * `call_analyses` rows of the caller's organisation, written by the queue consumer after the
 * answer, and `GET /api/v1/analyses/{id}` returns them to that organisation only.
 */

const app = testApp({ AUTH_MODE: 'on' });
const speech = fromBase64(inject('speechChunks')[0]!);
const SCAM =
  'This is the IRS. There is a warrant for your arrest. Pay today with Google Play gift cards and tell no one.';

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(app, 'Kept A'), makeOrg(app, 'Kept B')]);
});

type Row = Record<string, unknown> & { id: string; organization_id: string };

/** The row with this id once the queue has written it (bounded wait). */
async function rowOf(id: string): Promise<Row> {
  const row = await eventually(async () => {
    const found = await serviceDb().from('call_analyses').select('*').eq('id', id).maybeSingle();
    return (found.data as Row | null) ?? undefined;
  });
  if (!row) throw new Error(`no call_analyses row ${id} after waiting`);
  return row;
}

const uuidOf = (reportId: string) => reportId.replace(/^analysis_/, '');

async function analyseText(credential: string, transcript = SCAM) {
  const res = await app.json<ScamReport>('/analyze/text', as(credential, { body: { transcript } }));
  expect(res.status).toBe(200);
  return res.body;
}

/** Streams one speech chunk with `credential`, ends the stream, returns the final result. */
async function streamCall(target: TestApp, credential: string) {
  const res = await target.fetch('/ws/stream', {
    headers: { Upgrade: 'websocket', 'X-API-Key': credential },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const final = new Promise<Extract<ServerMessage, { type: 'final_result' }>>((resolve) =>
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.type === 'final_result') resolve(message);
      if (message.type === 'partial_result') ws.send(JSON.stringify({ type: 'end_stream' }));
    }),
  );
  ws.send(speech);
  return final;
}

describe('text analyses', () => {
  it('become rows of the key’s organisation, naming the key', async () => {
    const report = await analyseText(a.key);
    const row = await rowOf(uuidOf(report.id));
    expect(row).toMatchObject({
      organization_id: a.id,
      source: 'text',
      status: 'completed',
      transcript: SCAM,
      verdict: report.verdict,
      review_required: report.review_required,
      engines: report.engines,
      api_key_id: a.keyId,
      created_by: null,
    });
    expect(row.combined_score).toBeCloseTo(report.combined_score, 4);
    expect(row.result).toEqual(report);
  });

  it('by a user name the user who ran them', async () => {
    const report = await analyseText(a.members.analyst.jwt, 'Hello, this is your dentist.');
    const row = await rowOf(uuidOf(report.id));
    expect(row).toMatchObject({
      organization_id: a.id,
      created_by: a.members.analyst.id,
      api_key_id: null,
    });
  });
});

describe('audio analyses', () => {
  it('become rows with the transcript, the file name and the stored audio', async () => {
    const form = new FormData();
    form.append('file', new File([speech], 'irs-call.wav', { type: 'audio/wav' }));
    const res = await app.json<ScamReport>('/analyze/audio', {
      method: 'POST',
      headers: { 'X-API-Key': a.key },
      body: form,
    });
    expect(res.status).toBe(200);
    const report = res.body;
    const row = await rowOf(uuidOf(report.id));
    expect(row).toMatchObject({
      organization_id: a.id,
      source: 'audio',
      file_name: 'irs-call.wav',
      transcript: report.transcript,
      audio_key: report.audio?.original_key,
      metadata: { asr_engine: report.asr_engine },
    });
    expect(report.audio?.original_key.startsWith(`${a.id}/`)).toBe(true);
  });
});

describe('streams', () => {
  it('become one row when they end, with the final result', async () => {
    const final = await streamCall(app, a.key);
    const row = await rowOf(final.stream_id);
    expect(row).toMatchObject({
      organization_id: a.id,
      source: 'stream',
      api_key_id: a.keyId,
      transcript: final.transcript,
      verdict: final.verdict,
      metadata: { stream_id: final.stream_id, reason: 'end_stream', total_chunks: 1 },
    });
    const { type: _type, ...stored } = final;
    expect(row.result).toEqual(stored);
  });
});

describe('the open caller of local dev (AUTH_MODE=off)', () => {
  it('keeps its analyses in OPEN_ORG_ID when that is set, and none without it', async () => {
    const open = testApp({ OPEN_ORG_ID: b.id });
    const kept = await open.json<ScamReport>(
      '/analyze/text',
      as(null, { body: { transcript: SCAM } }),
    );
    expect(kept.status).toBe(200);
    expect((await rowOf(uuidOf(kept.body.id))).organization_id).toBe(b.id);

    const anonymous = testApp();
    const sent: unknown[] = [];
    const recording = { send: async (m: unknown) => void sent.push(m) } as unknown as Queue;
    const watched = testApp({}, { bindings: { ANALYSIS_QUEUE: recording } });
    for (const target of [anonymous, watched]) {
      const res = await target.json<ScamReport>(
        '/analyze/text',
        as(null, { body: { transcript: SCAM } }),
      );
      expect(res.status).toBe(200);
    }
    expect(sent).toEqual([]);
  });
});

describe('GET /api/v1/analyses/{id}', () => {
  it('returns an analysis to its organisation, by report id or UUID, to any member or key', async () => {
    const report = await analyseText(a.key);
    await rowOf(uuidOf(report.id));
    for (const [credential, id] of [
      [a.key, report.id],
      [a.members.viewer.jwt, uuidOf(report.id)],
      [a.members.owner.jwt, report.id.toUpperCase().replace('ANALYSIS_', 'analysis_')],
    ] as const) {
      const res = await app.json<Row>(`/api/v1/analyses/${id}`, as(credential));
      expect(res.status, id).toBe(200);
      expect(res.body).toMatchObject({
        id: uuidOf(report.id),
        organization_id: a.id,
        source: 'text',
      });
      expect(res.body.result).toEqual(report);
    }
  });

  it("answers 404 for another organisation's analyses and for ids that don't exist", async () => {
    const report = await analyseText(b.key);
    await rowOf(uuidOf(report.id));
    for (const credential of [a.key, a.members.owner.jwt, a.members.viewer.jwt]) {
      for (const id of [
        report.id,
        uuidOf(report.id),
        '00000000-0000-4000-8000-000000000000',
        'x',
      ]) {
        const res = await app.json<{ error: { code: string } }>(
          `/api/v1/analyses/${id}`,
          as(credential),
        );
        expect(res.status, id).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
    }
    expect(
      (await app.fetch(`/api/v1/analyses/${report.id}`, as(b.members.viewer.jwt))).status,
    ).toBe(200);
  });
});

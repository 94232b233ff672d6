import { describe, expect, it } from 'vitest';
import {
  call,
  FRIENDLY_CALL,
  IRS_GIFT_CARD_SCRIPT,
  postJson,
  TEXT_PATHS,
} from '../worker/routes/client';
import { evaluationRow, reportPanel } from './clients';
import { CsHandlerError, CsReport, CsValidationError, conforms } from './contract';

/**
 * CallShield's `POST /api/analyze/transcript` (and the guide's `/analyze/text`), status by
 * status, as its FastAPI server answers: each test is named after the behaviour it reproduces.
 */

const BANK_ALERT =
  'This is the fraud department of your bank calling about a card payment. We will never ask for your PIN or ' +
  'your password. Please call the number on the back of your card to confirm the charge.';

async function jsonOf(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe.each(TEXT_PATHS)('CallShield %s', (path) => {
  it('answers a transcript with a ScamReport of mode "text" whose text_analysis is set and audio_analysis null', async () => {
    const res = await postJson(path, { transcript: IRS_GIFT_CARD_SCRIPT });
    expect(res.status).toBe(200);
    const report = conforms(CsReport, await res.json());
    expect(report.mode).toBe('text');
    expect(report.text_analysis).not.toBeNull();
    expect(report.audio_analysis).toBeNull();
    expect(report.combined_score).toBe(report.text_analysis?.scam_score);
    expect(report.combined_score).toBeGreaterThan(0.5);
  });

  it('ignores extra fields in the body', async () => {
    const res = await postJson(path, { transcript: FRIENDLY_CALL, caller_id: '+15550100' });
    expect(res.status).toBe(200);
    conforms(CsReport, await res.json());
  });

  it('rejects a transcript of 10,001 characters with 422 string_too_long at body.transcript', async () => {
    const res = await postJson(path, { transcript: 'a'.repeat(10_001) });
    expect(res.status).toBe(422);
    const body = conforms(CsValidationError, await res.json());
    expect(body.detail[0]).toMatchObject({
      type: 'string_too_long',
      loc: ['body', 'transcript'],
      msg: 'String should have at most 10000 characters',
      ctx: { max_length: 10_000 },
    });
  });

  it('accepts exactly 10,000 characters', async () => {
    const res = await postJson(path, { transcript: `${'word '.repeat(1_999)}word` });
    expect(res.status).toBe(200);
  });

  it.each([[''], ['   '], ['\n\t  \n']])(
    'rejects the blank transcript %j with 400 transcript_empty',
    async (transcript) => {
      const res = await postJson(path, { transcript });
      expect(res.status).toBe(400);
      const body = conforms(CsHandlerError, await res.json());
      expect(body.detail.error).toBe('transcript_empty');
      // Ours rides along where CallShield has no key.
      expect(body).toMatchObject({ code: 'EMPTY_TRANSCRIPT' });
      expect(body.request_id).toBe(res.headers.get('X-Request-Id'));
    },
  );

  it('rejects a body without transcript with 422 missing at body.transcript', async () => {
    const res = await postJson(path, {});
    expect(res.status).toBe(422);
    const body = conforms(CsValidationError, await res.json());
    expect(body.detail).toEqual([
      { type: 'missing', loc: ['body', 'transcript'], msg: 'Field required', input: {} },
    ]);
  });

  it.each([
    [123, 123],
    [null, null],
    [['a'], ['[1 characters]']],
    [{ text: 'x' }, { text: '[1 characters]' }],
  ])(
    'rejects a transcript of the wrong type %j with 422 string_type (text in input redacted)',
    async (transcript, shown) => {
      const res = await postJson(path, { transcript });
      expect(res.status).toBe(422);
      const body = conforms(CsValidationError, await res.json());
      expect(body.detail[0]).toMatchObject({
        type: 'string_type',
        loc: ['body', 'transcript'],
        msg: 'Input should be a valid string',
        input: shown,
      });
    },
  );

  it.each([[[]], ['text'], [3]])(
    'rejects the body %j (no object) with 422 model_attributes_type at body',
    async (value) => {
      const res = await postJson(path, value);
      expect(res.status).toBe(422);
      const body = conforms(CsValidationError, await res.json());
      expect(body.detail[0]).toMatchObject({
        type: 'model_attributes_type',
        loc: ['body'],
        input: typeof value === 'string' ? `[${value.length} characters]` : value,
      });
    },
  );

  it('rejects a null body and an empty body with 422 missing at body', async () => {
    for (const res of [
      await postJson(path, null),
      await call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' } }),
    ]) {
      expect(res.status).toBe(422);
      const body = conforms(CsValidationError, await res.json());
      expect(body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    }
  });

  it('rejects malformed JSON with 422 json_invalid, naming the position', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"transcript": "hi',
    });
    expect(res.status).toBe(422);
    const body = conforms(CsValidationError, await res.json());
    expect(body.detail[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });
    expect(body.detail[0]?.loc[0]).toBe('body');
    expect(typeof body.detail[0]?.loc[1]).toBe('number');
    expect(body).toMatchObject({ code: 'INVALID_JSON' });
  });

  it('reads a text/plain body as text, not JSON: 422 model_attributes_type', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ transcript: FRIENDLY_CALL }),
    });
    expect(res.status).toBe(422);
    const body = conforms(CsValidationError, await res.json());
    expect(body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
  });

  it('parses a body without a content type as JSON', async () => {
    const res = await call(path, {
      method: 'POST',
      body: new TextEncoder().encode(JSON.stringify({ transcript: FRIENDLY_CALL })),
    });
    expect(res.status).toBe(200);
    conforms(CsReport, await res.json());
  });

  it('answers GET with 405 {"detail":"Method Not Allowed"} and Allow: POST', async () => {
    const res = await call(path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await jsonOf(res)).toMatchObject({ detail: 'Method Not Allowed' });
  });

  it('measures processing_time_ms as a number of milliseconds (the clock has ms resolution)', async () => {
    const report = (await (await postJson(path, { transcript: IRS_GIFT_CARD_SCRIPT })).json()) as {
      processing_time_ms: number;
    };
    expect(typeof report.processing_time_ms).toBe('number');
    expect(report.processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(report.processing_time_ms).toBeLessThan(60_000);
  });

  it('gives each analysis its own review_required and review_reason', async () => {
    const report = conforms(
      CsReport,
      await (await postJson(path, { transcript: BANK_ALERT })).json(),
    );
    const text = report.text_analysis!;
    expect(typeof text.review_required).toBe('boolean');
    expect(text.review_reason === null || typeof text.review_reason === 'string').toBe(true);
    // A text report's review decision is its text analysis's.
    expect(report.review_required).toBe(text.review_required);
  });
});

describe('counter-signals, which CallShield clients would draw as threats', () => {
  it('keeps "we will never ask for your PIN" out of signals and in counter_signals', async () => {
    const report = (await (
      await postJson('/api/analyze/transcript', { transcript: BANK_ALERT })
    ).json()) as {
      text_analysis: {
        signals: { category: string }[];
        counter_signals: { category: string; counter?: boolean }[];
      };
    };
    const text = report.text_analysis;
    expect(text.counter_signals.map((s) => s.category)).toContain('NO_SENSITIVE_REQUEST');
    for (const s of text.counter_signals) expect(s.counter).toBe(true);
    expect(text.signals.map((s) => s.category)).not.toContain('NO_SENSITIVE_REQUEST');
    // What the CallShield panel would draw as a detected threat.
    expect(reportPanel(report).threats.join('\n')).not.toMatch(
      /NO_SENSITIVE_REQUEST|INDEPENDENT_VERIFICATION/,
    );
  });
});

describe("CallShield's clients replayed against text reports", () => {
  it('the report panel reads every field it needs, with the types it expects', async () => {
    const report = await (
      await postJson('/api/analyze/transcript', { transcript: IRS_GIFT_CARD_SCRIPT })
    ).json();
    const panel = reportPanel(report);
    expect(panel.verdict).toMatch(/^(SAFE|SUSPICIOUS|LIKELY SCAM|SCAM)$/);
    expect(panel.confidencePct).toBeGreaterThanOrEqual(0);
    expect(panel.threats.length).toBeGreaterThan(0);
    expect(panel.threats[0]).toMatch(/^(LOW|MEDIUM|HIGH) [A-Z_]+: /);
    expect(panel.analyzedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(panel.processing).toMatch(/^\d+ ms$/);
    expect(panel.id).toMatch(/^analysis_/);
    expect(panel.sideBySide).toBeNull();
  });

  it('run_evaluation.py scores a scam and a friendly call the way it expects', async () => {
    const scam = await (
      await postJson('/api/analyze/transcript', { transcript: IRS_GIFT_CARD_SCRIPT })
    ).json();
    const friendly = await (
      await postJson('/api/analyze/transcript', { transcript: FRIENDLY_CALL })
    ).json();
    expect(evaluationRow(scam, true)).toMatchObject({ binaryMatch: true });
    expect(evaluationRow(friendly, false)).toMatchObject({ binaryMatch: true, verdict: 'SAFE' });
    expect(evaluationRow(scam, true).score).toBeGreaterThan(0.5);
  });
});

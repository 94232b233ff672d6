import { describe, expect, inject, it } from 'vitest';
import { joinWavs } from '#core/audio/join-wav';
import { FAULT_RATES } from '../durable-objects/fault-proxy';
import { fromBase64, toneChunk } from '../durable-objects/ws-client';
import { call } from '../worker/routes/client';
import { evaluationRow, reportPanel } from './clients';
import {
  CsFrameworkError,
  CsHandlerError,
  CsReport,
  CsValidationError,
  conforms,
} from './contract';

/**
 * CallShield's `POST /api/analyze/audio` (and the guide's `/analyze/audio`), status by status.
 * It accepts WAV only; we decode anything ffmpeg can, so a real MP3 is answered, and a file
 * that is not audio whatever its name is CallShield's 400 invalid_file_type.
 */

// The whole spoken scam: "…from the Internal Revenue Service… pay with Google Play gift cards".
const speech = joinWavs(inject('speechChunks').map(fromBase64))!;
const PATHS = ['/api/analyze/audio', '/analyze/audio'] as const;

function upload(path: string, bytes: Uint8Array, name = 'call.wav', type = 'audio/wav') {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  return call(path, { method: 'POST', body: form });
}

describe.each(PATHS)('CallShield %s', (path) => {
  it('answers a WAV with a ScamReport of mode "audio": audio_analysis set, text_analysis null without a second engine', async () => {
    const res = await upload(path, speech);
    expect(res.status).toBe(200);
    const report = conforms(CsReport, await res.json());
    expect(report.mode).toBe('audio');
    const audio = report.audio_analysis!;
    expect(audio.verdict).toEqual(expect.any(String));
    // No second engine scored the transcript (Gemini is not configured here): null, as
    // CallShield sends it when its second opinion did not run, never a copy of audio_analysis.
    expect(report.text_analysis).toBeNull();
    expect(report.engines).not.toContain('gemini');
    expect(report.combined_score).toBe(audio.scam_score);
    expect(report.review_required).toBe(audio.review_required);
  });

  it('rejects a non-audio file named .mp3 with 400 invalid_file_type', async () => {
    const res = await upload(
      path,
      new TextEncoder().encode('fake mp3 data'.repeat(20)),
      'test.mp3',
      'audio/mpeg',
    );
    expect(res.status).toBe(400);
    const body = conforms(CsHandlerError, await res.json());
    expect(body.detail.error).toBe('invalid_file_type');
    expect(body).toMatchObject({ code: 'UNPROCESSABLE_AUDIO' });
  });

  it('rejects 100 zero bytes named .wav (no RIFF header) with 400 invalid_file_type', async () => {
    const res = await upload(path, new Uint8Array(100));
    expect(res.status).toBe(400);
    expect(conforms(CsHandlerError, await res.json()).detail.error).toBe('invalid_file_type');
  });

  it('rejects a form without the file part with 422 missing at body.file', async () => {
    const form = new FormData();
    form.append('audio', new File([speech], 'call.wav'));
    const res = await call(path, { method: 'POST', body: form });
    expect(res.status).toBe(422);
    const body = conforms(CsValidationError, await res.json());
    expect(body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'file'],
      msg: 'Field required',
    });
  });

  it('reads a JSON body as an empty form: 422 missing at body.file', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"file":"x"}',
    });
    expect(res.status).toBe(422);
    expect(conforms(CsValidationError, await res.json()).detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'file'],
    });
  });

  it('rejects a text field named file with 422 value_error (no UploadFile)', async () => {
    const form = new FormData();
    form.append('file', 'not a file');
    const res = await call(path, { method: 'POST', body: form });
    expect(res.status).toBe(422);
    expect(conforms(CsValidationError, await res.json()).detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'file'],
    });
  });

  it('rejects a file over 25 MB with 400 file_too_large', async () => {
    const res = await upload(path, new Uint8Array(25 * 1024 * 1024 + 1));
    expect(res.status).toBe(400);
    const body = conforms(CsHandlerError, await res.json());
    expect(body.detail.error).toBe('file_too_large');
  });

  it('answers a multipart body it cannot parse with 400 {"detail":"There was an error parsing the body"}', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF',
    });
    expect(res.status).toBe(400);
    const body = conforms(CsFrameworkError, await res.json());
    expect(body.detail).toBe('There was an error parsing the body');
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const res = await call(path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(conforms(CsFrameworkError, await res.json()).detail).toBe('Method Not Allowed');
  });
});

describe('faults of CallShield kept out', () => {
  it('answers an empty .wav with 400 invalid_file_type (CallShield: 200 or 502)', async () => {
    const res = await upload('/api/analyze/audio', new Uint8Array());
    expect(res.status).toBe(400);
    const body = conforms(CsHandlerError, await res.json());
    expect(body.detail.error).toBe('invalid_file_type');
    expect(body).toMatchObject({ code: 'INVALID_AUDIO' });
  });

  it('answers a WAV cut off before its data with 400 invalid_file_type, not a SAFE report', async () => {
    const res = await upload('/api/analyze/audio', speech.slice(0, 100));
    expect(res.status).toBe(400);
    expect(conforms(CsHandlerError, await res.json()).detail.error).toBe('invalid_file_type');
  });

  it('answers a media service that never answers with 504 model_error and Retry-After (CallShield: 502)', async () => {
    const res = await upload('/api/analyze/audio', toneChunk(FAULT_RATES.hang));
    expect(res.status).toBe(504);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(conforms(CsHandlerError, await res.json()).detail.error).toBe('model_error');
  });
});

describe("CallShield's clients replayed against audio reports", () => {
  it('the panel shows the audio analysis, and no side-by-side of two engines when only one scored', async () => {
    const report = conforms(CsReport, await (await upload('/api/analyze/audio', speech)).json());
    const panel = reportPanel(report);
    expect(panel.verdict).toBe(String(report.audio_analysis?.verdict).replace('_', ' '));
    expect(panel.sideBySide).toBeNull();
    expect(panel.mode).toBe('audio');
    expect(evaluationRow(report, true).verdict).toBe(report.audio_analysis?.verdict);
  });
});

import { describe, expect, it } from 'vitest';
import { call, postJson, TEXT_PATHS } from './client';

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as {
    error: { code: string; message: string; request_id: string };
    detail: string;
  };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.request_id).toBe(res.headers.get('X-Request-Id'));
  expect(body.detail).toBe(body.error.message);
}

describe.each(TEXT_PATHS)('POST %s (errors)', (path) => {
  it('rejects a transcript over 10,000 characters with 422', async () => {
    await expectError(await postJson(path, { transcript: 'a'.repeat(10_001) }), 422, 'TOO_LONG');
  });

  it.each([[''], ['   '], ['\n\t  \n']])(
    'rejects an empty or blank transcript %j with 400',
    async (transcript) => {
      await expectError(await postJson(path, { transcript }), 400, 'EMPTY_TRANSCRIPT');
    },
  );

  it('rejects malformed JSON with 400', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"transcript": "hi',
    });
    await expectError(res, 400, 'INVALID_JSON');
  });

  it.each([
    [{ transcript: 42 }],
    [{ transcript: null }],
    [{ transcript: ['a'] }],
    [{}],
    [[]],
    ['text'],
    [null],
  ])('rejects the wrong shape %j with 400', async (body) => {
    await expectError(await postJson(path, body), 400, 'VALIDATION_FAILED');
  });

  it('rejects a non-JSON content type with 415', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body with no content type with 415', async () => {
    const res = await call(path, { method: 'POST', body: new Uint8Array([104, 105]) });
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a missing body with 400', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    await expectError(res, 400, 'INVALID_JSON');
  });
});

describe('unknown routes', () => {
  it('answers 404 with the envelope', async () => {
    await expectError(await call('/api/nope'), 404, 'NOT_FOUND');
  });
});

import { describe, expect, it } from 'vitest';
import { call, postJson, TEXT_PATHS } from './client';

/**
 * Errors on the transcript routes carry CallShield's shapes (test/compat/transcript.workerd.test.ts
 * checks each status) and, beside them, our code, message and the request id.
 */

async function ours(res: Response) {
  const body = (await res.json()) as { code: string; message: string; request_id: string };
  expect(body.request_id).toBe(res.headers.get('X-Request-Id'));
  expect(body.message.length).toBeGreaterThan(0);
  return body.code;
}

describe.each(TEXT_PATHS)('POST %s (errors)', (path) => {
  it.each([
    [{ transcript: 'a'.repeat(10_001) }, 422, 'TOO_LONG'],
    [{ transcript: '  ' }, 400, 'EMPTY_TRANSCRIPT'],
    [{ transcript: 42 }, 422, 'VALIDATION_FAILED'],
    [[], 422, 'VALIDATION_FAILED'],
  ])('answers %j with %i and our code %s beside CallShield’s body', async (body, status, code) => {
    const res = await postJson(path, body);
    expect(res.status).toBe(status);
    expect(await ours(res)).toBe(code);
  });

  it('answers malformed JSON with 422 and our INVALID_JSON', async () => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'trace-json-1' },
      body: '{"transcript": "hi',
    });
    expect(res.status).toBe(422);
    expect(await ours(res)).toBe('INVALID_JSON');
    expect(res.headers.get('X-Request-Id')).toBe('trace-json-1');
  });
});

describe('routes that are not CallShield’s keep our envelope', () => {
  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const res = await call('/api/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as {
      error: { code: string; request_id: string };
      detail: string;
    };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.request_id).toBe(res.headers.get('X-Request-Id'));
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await call('/api/v1/me', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { call, postJson } from './client';

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('one error path for validation', () => {
  it('answers a bad query on a non-CallShield route with 400 VALIDATION_FAILED', async () => {
    const res = await call('/ws/stream?last_chunk_index=61', { headers: { Upgrade: 'websocket' } });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('VALIDATION_FAILED');
  });

  it("keeps CallShield's statuses on CallShield's routes", async () => {
    const long = await postJson('/analyze/text', { transcript: 'a'.repeat(10_001) });
    expect([long.status, await codeOf(long)]).toEqual([422, 'TOO_LONG']);
    const blank = await postJson('/analyze/text', { transcript: '   ' });
    expect([blank.status, await codeOf(blank)]).toEqual([400, 'EMPTY_TRANSCRIPT']);
  });
});

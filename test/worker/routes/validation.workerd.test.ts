import { describe, expect, it } from 'vitest';
import { call, codeOf, postJson } from './client';

describe('one error path for validation', () => {
  it('answers a bad query on a non-CallShield route with 400 VALIDATION_FAILED', async () => {
    const res = await call('/ws/stream?last_chunk_index=61', { headers: { Upgrade: 'websocket' } });
    expect(res.status).toBe(400);
    expect(codeOf(await res.json())).toBe('VALIDATION_FAILED');
  });

  it("keeps CallShield's statuses on CallShield's routes, our codes beside them", async () => {
    const long = await postJson('/analyze/text', { transcript: 'a'.repeat(10_001) });
    expect([long.status, codeOf(await long.json())]).toEqual([422, 'TOO_LONG']);
    const blank = await postJson('/analyze/text', { transcript: '   ' });
    expect([blank.status, codeOf(await blank.json())]).toEqual([400, 'EMPTY_TRANSCRIPT']);
  });
});

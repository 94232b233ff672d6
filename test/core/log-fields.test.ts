import { describe, expect, it } from 'vitest';
import { REDACTED, redactFields } from '#core/log-fields';

describe('redactFields', () => {
  it('drops secrets, credentials and what callers said, by field name', () => {
    const out = redactFields({
      sidecar_secret: 's',
      api_key: 'k',
      Authorization: 'Bearer x',
      transcript: 'my social is 123',
      text: 'hello',
      phone_number: '+15550100',
      ticket: 'eyJ',
      upload_url: 'https://x',
      stream_id: 'abc',
      status: 503,
    });
    for (const name of ['sidecar_secret', 'api_key', 'Authorization', 'transcript', 'text']) {
      expect(out[name]).toBe(REDACTED);
    }
    expect(out.phone_number).toBe(REDACTED);
    expect(out.ticket).toBe(REDACTED);
    expect(out.upload_url).toBe(REDACTED);
    expect(out).toMatchObject({ stream_id: 'abc', status: 503 });
  });

  it('cuts query strings (signatures) out of URLs anywhere in a value', () => {
    const out = redactFields({
      error: new Error('PUT https://r2.example.com/b/k.wav?X-Amz-Signature=abc failed'),
      nested: { where: 'http://127.0.0.1:8787/api/storage/object?key=a&sig=ff' },
    });
    expect(out.error).toBe(`Error: PUT https://r2.example.com/b/k.wav?${REDACTED} failed`);
    expect(out.nested).toEqual({ where: `http://127.0.0.1:8787/api/storage/object?${REDACTED}` });
  });

  it('bounds nesting and long strings', () => {
    const out = redactFields({ a: { b: { c: { d: { e: 1 } } } }, long: 'x'.repeat(2_000) });
    expect(JSON.stringify(out)).toContain('[nested]');
    expect(String(out.long).length).toBeLessThan(600);
  });
});

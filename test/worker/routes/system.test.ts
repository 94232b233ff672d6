import { describe, expect, it } from 'vitest';
import { call } from './client';

describe('system routes', () => {
  it('GET /api/health reports ok', async () => {
    const res = await call('/api/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; service: string };
    expect(body).toMatchObject({ status: 'ok', service: 'callshield-edge' });
  });

  it('GET /openapi.json is OpenAPI 3.1 generated from the schemas', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const spec = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/analyze/text', '/api/analyze/transcript']),
    );
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining([
        'ScamReport',
        'Analysis',
        'Signal',
        'Evidence',
        'Error',
        'TranscriptRequest',
      ]),
    );
  });

  it('GET /docs is a self-contained page that loads only same-origin resources', async () => {
    const res = await call('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)=["']https?:\/\//);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

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

  it('documents every /api/v1 route with its security and its errors', async () => {
    const spec = (await (await call('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
      >;
      components: { securitySchemes: Record<string, { type: string }> };
    };
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual([
      'apiKeyHeader',
      'bearerAuth',
    ]);
    const expected: [string, string, string[]][] = [
      ['/api/v1/me', 'get', ['200', '401']],
      ['/api/v1/organizations', 'post', ['201', '400', '401', '403', '503']],
      ['/api/v1/organizations', 'get', ['200', '401']],
      ['/api/v1/members', 'get', ['200', '403']],
      ['/api/v1/members', 'post', ['201', '400', '409']],
      ['/api/v1/invitations', 'post', ['201', '400', '409']],
      ['/api/v1/invitations', 'get', ['200', '403']],
      ['/api/v1/invitations/{id}', 'delete', ['204', '404']],
      ['/api/v1/me/invitations', 'get', ['200', '401']],
      ['/api/v1/invitations/{id}/accept', 'post', ['200', '404', '409']],
      ['/api/v1/invitations/{id}/decline', 'post', ['204', '404']],
      ['/api/v1/members/{user_id}', 'patch', ['200', '404', '409']],
      ['/api/v1/members/{user_id}', 'delete', ['204', '404', '409']],
      ['/api/v1/api-keys', 'post', ['201', '400', '403']],
      ['/api/v1/api-keys', 'get', ['200', '403']],
      ['/api/v1/api-keys/{id}', 'delete', ['204', '404']],
      ['/api/v1/analyses/{id}', 'get', ['200', '404', '503']],
    ];
    for (const [path, method, statuses] of expected) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.security).toEqual([{ apiKeyHeader: [] }, { bearerAuth: [] }]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(statuses));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { call } from '../worker/routes/client';
import { CsFrameworkError, CsHealth, conforms } from './contract';

/** CallShield's system routes: `GET /`, `/api/health`, `/docs`, `/redoc`, `/openapi.json`, 404. */

describe('CallShield system routes', () => {
  it('GET / answers API clients with {"status":"ok","message":"CallShield API"}', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await call('/', { headers: accept ? { Accept: accept } : {} });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', message: 'CallShield API' });
      expect(res.headers.get('vary')).toMatch(/Accept/);
    }
  });

  it('GET / answers browsers (Accept: text/html) with the console', async () => {
    const res = await call('/', {
      headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html');
  });

  it('GET /api/health names the engines in model, with version and demo_mode false', async () => {
    const res = await call('/api/health', { headers: { 'X-API-Key': '' } });
    expect(res.status).toBe(200);
    const health = conforms(CsHealth, await res.json());
    expect(health.demo_mode).toBe(false);
    // The health check reaches the test sidecar on pocketsphinx (fault-proxy.ts), with the
    // domain language model, or the general one when it is not built; Gemini is not configured
    // here. Where the model lies on the sidecar's disk is never shown.
    const speech = /^pocketsphinx:cmusphinx-en-us, (domain|general) LM$/;
    expect(health.model).toMatch(new RegExp(`^local \\+ ${speech.source.slice(1)}`));
    expect(health.engines).toEqual({ scoring: ['local'], speech: expect.stringMatching(speech) });
    expect(JSON.stringify(health)).not.toMatch(/\/(work|home|root|usr|app|tmp)\b/);
  });

  it('GET /redoc is a ReDoc page of /openapi.json, which loads nothing from elsewhere', async () => {
    const res = await call('/redoc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<redoc spec-url="/openapi.json"');
    expect(page).not.toMatch(/(src|href)=["']https?:\/\//);
  });

  it('GET /openapi.json documents every CallShield path with its error shapes', async () => {
    const spec = (await (await call('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const path of [
      '/api/analyze/transcript',
      '/analyze/text',
      '/api/analyze/audio',
      '/analyze/audio',
    ]) {
      const responses = spec.paths[path]?.post?.responses ?? {};
      expect(Object.keys(responses), path).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '422', '429']),
      );
    }
    expect(spec.paths['/']?.get).toBeDefined();
    expect(spec.paths['/api/health']?.get).toBeDefined();
  });

  it('answers an unknown route with 404 and a detail', async () => {
    const res = await call('/api/analyze/nothing', { method: 'POST' });
    expect(res.status).toBe(404);
    conforms(CsFrameworkError, await res.json());
  });
});

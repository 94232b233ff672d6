import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SCALAR_CONFIGURATION } from '../../../worker/routes/docs/pages';
import { call } from './client';

/**
 * The reference pages as the Worker serves them: HTML shells whose scripts are static assets of
 * this origin (copied from node_modules, see scripts/vendor-api-reference.ts), under a CSP that
 * allows nothing else. That they render, and that try-it-out works, is test/e2e/api-reference.
 */

/** The `src` of every `<script>` in a page. */
function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string);
}

describe.each([
  ['/docs', 'Scalar'],
  ['/redoc', 'ReDoc'],
])('GET %s (%s)', (path) => {
  it('is a page of this origin only: its CSP allows nothing else, and it links nothing else', async () => {
    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'"])
      expect(csp).toContain(directive);
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)=["']https?:\/\//);
    // No inline script runs: the options travel in data attributes.
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>\s*[^\s<]/);
  });

  it('loads a bundle that is one of the static assets', async () => {
    const html = await (await call(path)).text();
    const sources = scriptSources(html);
    expect(sources).toHaveLength(1);
    for (const src of sources) {
      expect(src).toMatch(/^\/vendor\//);
      const asset = await env.ASSETS.fetch(new Request(`http://edge.test${src}`));
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type'), src).toMatch(/javascript/);
      // The real bundle, not a stub: each is well over a megabyte.
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(1_000_000);
    }
  });
});

describe('GET /docs', () => {
  it("hands Scalar its options, with everything that would reach Scalar's servers off", async () => {
    const html = await (await call('/docs')).text();
    const attribute = /data-configuration="([^"]*)"/.exec(html)?.[1] ?? '';
    const entities: Record<string, string> = { quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' };
    const options = JSON.parse(
      attribute.replace(/&(quot|#39|lt|gt|amp);/g, (_, e) => entities[e] ?? ''),
    );
    expect(options).toEqual(SCALAR_CONFIGURATION);
    expect(options).toMatchObject({
      url: '/openapi.json',
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      hideClientButton: true,
    });
  });
});

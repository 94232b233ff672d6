import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { DOCS_PAGE } from './docs-page';

/**
 * `GET /docs`: the self-contained API reference page. `/openapi.json` is served by the app.
 * `GET /redoc` (FastAPI's second reference page, which CallShield's guide lists) leads there.
 */
export const docs = new Hono<AppEnv>()
  .get('/docs', (c) => {
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    );
    return c.html(DOCS_PAGE);
  })
  .get('/redoc', (c) => c.redirect('/docs', 307));

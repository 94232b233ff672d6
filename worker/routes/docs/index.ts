import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { redocPage, scalarPage } from './pages';

/**
 * What the reference pages may load: their bundle and the document from this origin, nothing
 * from anywhere else. Both bundles inject their styles inline; ReDoc renders its logo and
 * icons from data: URLs and runs its search index in a blob: worker.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const DOCS_PAGE = scalarPage();
const REDOC_PAGE = redocPage();

/**
 * `GET /docs` (Scalar: every operation and schema, search, an auth input and try-it-out
 * against this origin) and `GET /redoc` (ReDoc), the two pages FastAPI serves and so
 * CallShield's guide lists. Both read `/openapi.json`, served by the app.
 */
export const docs = new Hono<AppEnv>()
  .get('/docs', (c) => {
    c.header('Content-Security-Policy', CSP);
    return c.html(DOCS_PAGE);
  })
  .get('/redoc', (c) => {
    c.header('Content-Security-Policy', CSP);
    return c.html(REDOC_PAGE);
  });

import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { DOCS_PAGE } from './docs-page';

/** `GET /docs`: the self-contained API reference page. `/openapi.json` is served by the app. */
export const docs = new Hono<AppEnv>().get('/docs', (c) => {
  c.header(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
  );
  return c.html(DOCS_PAGE);
});

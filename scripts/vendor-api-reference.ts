/**
 * Copies the API reference bundles (Scalar for /docs, ReDoc for /redoc) from node_modules into
 * worker/public/vendor/. wrangler.toml's `[build] command`, so `wrangler dev` (npm start, the
 * e2e tests) and `wrangler deploy` run it first; vitest.config.ts runs it for the workers tests.
 */
import { vendorApiReference } from './lib/vendor-api-reference';

const results = await vendorApiReference();
const copied = results.filter((r) => r.status === 'copied').map((r) => r.url);
console.log(
  copied.length > 0
    ? `API reference bundles copied: ${copied.join(', ')}`
    : 'API reference bundles up to date',
);

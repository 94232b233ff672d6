/**
 * The browser bundles the API reference pages load, and where they come from. They are not
 * committed: `scripts/vendor-api-reference.ts` copies each `source` out of node_modules into
 * the git-ignored `worker/public/vendor/` (the Worker's static assets) before `wrangler dev`,
 * `wrangler deploy` and the tests. So the pages load nothing from a CDN, and the versions are
 * the lockfile's.
 */

/** One file copied from an npm package into the static assets. */
export interface VendoredFile {
  /** The npm package it ships in (a devDependency). */
  package: string;
  /** Its path inside the package. */
  source: string;
  /** The URL path it is served at (under `worker/public/`). */
  url: string;
}

/** Scalar's self-contained browser build: the `/docs` page. */
export const SCALAR: VendoredFile = {
  package: '@scalar/api-reference',
  source: 'dist/browser/standalone.js',
  url: '/vendor/scalar/standalone.js',
};

/** ReDoc's self-contained browser build: the `/redoc` page (as FastAPI serves it). */
export const REDOC: VendoredFile = {
  package: 'redoc',
  source: 'bundles/redoc.standalone.js',
  url: '/vendor/redoc/redoc.standalone.js',
};

/**
 * Everything copied: the two bundles, and the licence texts they ship with (ReDoc's bundle
 * names its licence file in its first line; Scalar's package has no separate one).
 */
export const VENDORED_FILES: readonly VendoredFile[] = [
  SCALAR,
  REDOC,
  {
    package: 'redoc',
    source: 'bundles/redoc.standalone.js.LICENSE.txt',
    url: '/vendor/redoc/redoc.standalone.js.LICENSE.txt',
  },
  { package: 'redoc', source: 'LICENSE', url: '/vendor/redoc/LICENSE' },
];

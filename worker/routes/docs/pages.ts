import { REDOC, SCALAR } from './bundles';

/**
 * The two API reference pages. Each is a static shell: the vendored bundle (bundles.ts) draws
 * the reference from `/openapi.json`. Their options are written into data attributes, not into
 * inline scripts, so the pages run under a CSP that allows scripts from this origin only.
 */

const SPEC_URL = '/openapi.json';

/**
 * The Scalar options /docs uses (a subset of Scalar's `ApiReferenceConfiguration`, written
 * out here so a typo fails the type check). Everything Scalar would fetch from its own
 * servers is turned off: the reference must work with no internet.
 */
interface ScalarConfiguration {
  url: string;
  /** Scalar's default fonts come from its font CDN; the page uses system fonts instead. */
  withDefaultFonts: boolean;
  /** Scalar's usage telemetry posts to its servers. */
  telemetry: boolean;
  /** Its AI agent chat runs on Scalar's servers. */
  agent: { disabled: boolean };
  /** Developer tools link to Scalar's hosted dashboard. */
  showDeveloperTools: 'localhost' | 'always' | 'never';
  /** Which security scheme the auth input starts on. */
  authentication: { preferredSecurityScheme: string };
  /** Whether what the reader types into the auth input is kept in localStorage. */
  persistAuth: boolean;
  documentDownloadType: 'json' | 'yaml' | 'both' | 'none';
  /** Operation ids are what generated clients call their methods: worth showing. */
  showOperationId: boolean;
  /** The "Open API Client" buttons open Scalar's hosted client with this document's URL. */
  hideClientButton: boolean;
  metaData: { title: string };
}

const TITLE = 'CallShield Edge — API reference';

/** /docs' Scalar options: try-it-out against this origin, the API key input first. */
export const SCALAR_CONFIGURATION: ScalarConfiguration = {
  url: SPEC_URL,
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  authentication: { preferredSecurityScheme: 'apiKeyHeader' },
  // An API key in localStorage outlives the tab and is readable by any script of this origin.
  persistAuth: false,
  documentDownloadType: 'json',
  showOperationId: true,
  hideClientButton: true,
  metaData: { title: TITLE },
};

/** Escapes text for a double-quoted HTML attribute. */
function attribute(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body { margin: 0; }</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * `/docs`: Scalar. Its HTML API reads the element `#api-reference` (the document's URL and the
 * options as JSON); the empty script element is never executed, so it needs no CSP exception.
 */
export function scalarPage(): string {
  return shell(
    TITLE,
    `<script id="api-reference" data-url="${attribute(SPEC_URL)}" data-configuration="${attribute(JSON.stringify(SCALAR_CONFIGURATION))}"></script>
<script src="${SCALAR.url}"></script>`,
  );
}

/**
 * `/redoc`: ReDoc, as FastAPI (and so CallShield) serves it, options as attributes of the
 * `<redoc>` element. Read-only: the interactive reference is /docs.
 */
export function redocPage(): string {
  return shell(
    `${TITLE} (ReDoc)`,
    `<redoc spec-url="${attribute(SPEC_URL)}" expand-responses="200,201" required-props-first="true" sort-props-alphabetically="false"></redoc>
<script src="${REDOC.url}"></script>`,
  );
}

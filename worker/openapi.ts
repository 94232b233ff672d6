import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/** The first issue of a validation error, as `path: message`. */
export function firstIssue(error: ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${where}${first?.message ?? 'invalid request'}`;
}

/**
 * Every route's validation failures become 400 VALIDATION_FAILED and render through the one
 * `onError`. Routes with a contract of their own (CallShield's) pass their own hook.
 */
export const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  throw new ApiError('VALIDATION_FAILED', firstIssue(result.error));
};

/** A sub-app for one resource, with the shared validation hook unless it brings its own. */
export function createRouter(hook: Hook<unknown, AppEnv, string, unknown> = defaultHook) {
  return new OpenAPIHono<AppEnv>({ defaultHook: hook });
}

/**
 * The OpenAPI security of every route that acts for an organisation: an API key the CallShield
 * way, or a bearer token (a user JWT or an API key); app.ts registers both schemes. While
 * AUTH_MODE=off the analysis and stream routes also work without either.
 */
export const CREDENTIALS: Record<string, string[]>[] = [{ apiKeyHeader: [] }, { bearerAuth: [] }];

/**
 * The document's tags, in the order the reference pages list them, each with the line they
 * show above its operations. Every route's tag is one of these (test/worker/routes/openapi.workerd.test.ts).
 */
export const API_TAGS = [
  {
    name: 'System',
    description:
      'Liveness, and the greeting CallShield clients check. This reference is served at `/docs` and `/redoc`, its document at `/openapi.json`.',
  },
  {
    name: 'Scoring',
    description:
      "CallShield-compatible: score a transcript or an audio file and get a ScamReport at once, on both the paths of CallShield's integration guide and those of its server.",
  },
  {
    name: 'Streams',
    description:
      "Live scoring of a call's audio over a WebSocket (CallShield's `/ws/stream` protocol), one-time tickets for browsers, and a stream's stored result.",
  },
  {
    name: 'Analyses',
    description:
      "The organisation's stored analyses: every report, uploads analysed in the background, filters and cursor pagination.",
  },
  {
    name: 'Audio',
    description:
      'Uploading recordings (multipart, or a presigned PUT for large files) and short-lived download URLs.',
  },
  {
    name: 'Reviews',
    description:
      'The review workflow: the queue of doubtful analyses, claims and assignments, outcomes, metrics and labelled exports.',
  },
  {
    name: 'Campaigns',
    description:
      'Calls of the same script grouped per organisation: volume, verdict mix, examples, reviewers’ labels, and the organisation’s campaign settings.',
  },
  { name: 'Organisations', description: 'Who you are, and the organisations you belong to.' },
  { name: 'Members', description: "An organisation's members, their roles, and invitations." },
  {
    name: 'API keys',
    description:
      'Organisation API keys (`csk_…`), sent as `X-API-Key` or `Authorization: Bearer`. A key is shown once, when it is created.',
  },
  {
    name: 'Integrations',
    description:
      'Outbound webhooks (signed by the Standard Webhooks scheme) with their delivery log, the Twilio account, and the alert levels of live calls.',
  },
  {
    name: 'Twilio',
    description:
      "Twilio's voice webhook and Media Streams socket (both signed by Twilio), and a phone call's live state.",
  },
  {
    name: 'Storage',
    description:
      "Worker-signed object URLs, used when R2's S3 credentials are not configured: the URL is the credential.",
  },
  {
    name: 'Webhook events',
    description:
      'What integrations receive: one entry per event type, its body and its Standard Webhooks signature headers.',
  },
] as const satisfies readonly { name: string; description: string }[];

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  analysisMetrics,
  METRIC_PERIODS,
  MetricsSchema,
  reviewedCalls,
} from '../../db/analysis-metrics';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { storageOrg } from './audio';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

/**
 * What an organisation's analyses and reviews add up to (`/metrics`), and its reviewed calls
 * as labelled training data (`/export`, the eval format `{"id","source","label","transcript"}`,
 * one JSON object a line) for `npm run eval` and `npm run train -- --extra`.
 */

const DAY_MS = 86_400_000;
/** The longest range one request covers (a year of daily figures). */
const MAX_RANGE_DAYS = 366;
const EXPORT_PAGE = 500;
/** An export stops here; narrow the range for more. */
export const EXPORT_MAX_ROWS = 20_000;

const RangeQuery = {
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Default: 30 days ago.' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Default: now.' }),
};

const metricsRoute = createRoute({
  method: 'get',
  path: '/api/v1/analyses/metrics',
  tags: ['Reviews'],
  operationId: 'getAnalysisMetrics',
  summary: 'Counts by verdict and source, review outcomes, flags confirmed, time to review',
  description:
    'For analyses created in [from, to) (at most 366 days), overall and per UTC day, week or month. ' +
    '`flags_confirmed_share` is the share of reviewed flagged analyses confirmed as scams; ' +
    '`time_to_review_s` runs from the analysis being ready to its review outcome.',
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: {
    headers: OrgHeaderSchema,
    query: z.object({ ...RangeQuery, period: z.enum(METRIC_PERIODS).default('day') }),
  },
  responses: {
    200: {
      description: 'The figures.',
      content: { 'application/json': { schema: MetricsSchema } },
    },
    ...v1Errors(400),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/v1/analyses/export',
  tags: ['Reviews'],
  operationId: 'exportReviewedAnalyses',
  summary: 'Reviewed calls as labelled data (JSON lines, the eval format)',
  description:
    'Calls reviewed in [from, to) whose outcome is `confirmed_scam` (label `scam`) or `false_positive` ' +
    '(label `safe`), with a transcript; `inconclusive` ones are left out. `source` is `reviewed_<source>`. ' +
    `At most ${EXPORT_MAX_ROWS.toLocaleString('en')} rows, in review order.`,
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, query: z.object(RangeQuery) },
  responses: {
    200: {
      description: 'application/x-ndjson: `{"id","source","label","transcript"}` per line.',
    },
    ...v1Errors(400),
  },
});

/** [since, until) from the query, with defaults and the range limit. */
function rangeOf(c: Context<AppEnv>, query: { from?: string; to?: string }) {
  const until = query.to ? Date.parse(query.to) : c.var.services.now();
  const since = query.from ? Date.parse(query.from) : until - 30 * DAY_MS;
  if (since >= until) throw new ApiError('VALIDATION_FAILED', 'from must be before to');
  if (until - since > MAX_RANGE_DAYS * DAY_MS)
    throw new ApiError('VALIDATION_FAILED', `the range is limited to ${MAX_RANGE_DAYS} days`);
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
}

/** `GET /api/v1/analyses/metrics` and `GET /api/v1/analyses/export`. */
export const analysisFigures = createRouter()
  .openapi(metricsRoute, async (c) => {
    const query = c.req.valid('query');
    const figures = await analysisMetrics(clientFor(c), storageOrg(c), {
      ...rangeOf(c, query),
      period: query.period,
    });
    return c.json(figures, 200);
  })
  .openapi(exportRoute, async (c) => {
    const range = rangeOf(c, c.req.valid('query'));
    const client = clientFor(c);
    const org = storageOrg(c);
    const logger = c.var.logger;
    // The first page is read before answering, so a database outage is a clean 503.
    let rows = await reviewedCalls(client, org, range, { limit: EXPORT_PAGE });
    const encoder = new TextEncoder();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (rows.length === 0 || sent >= EXPORT_MAX_ROWS) return controller.close();
        const lines = rows.slice(0, EXPORT_MAX_ROWS - sent).map((row) =>
          JSON.stringify({
            id: row.id,
            source: `reviewed_${row.source}`,
            label: row.review_outcome === 'confirmed_scam' ? 'scam' : 'safe',
            transcript: row.transcript,
          }),
        );
        sent += lines.length;
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
        const last = rows.at(-1)!;
        try {
          rows =
            rows.length < EXPORT_PAGE
              ? []
              : await reviewedCalls(client, org, range, { limit: EXPORT_PAGE, after: last });
        } catch (error) {
          logger.warn('export_interrupted', { sent, error });
          controller.error(error);
        }
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': 'attachment; filename="reviewed-calls.jsonl"',
      },
    });
  });

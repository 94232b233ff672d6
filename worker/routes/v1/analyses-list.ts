import { createRoute, z } from '@hono/zod-openapi';
import { VERDICTS } from '#core/thresholds';
import { LIST_SORTS, type ListFilters, listAnalyses } from '../../db/analysis-list';
import {
  ANALYSIS_SOURCES,
  ANALYSIS_STATUSES,
  AnalysisSummarySchema,
  REVIEW_OUTCOMES,
  REVIEW_STATUSES,
} from '../../db/call-analyses';
import { BadCursor } from '../../db/pagination';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { storageOrg } from './audio';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

/**
 * Finding calls: `GET /api/v1/analyses` with filters, a sort and a cursor, and the review
 * queue (`GET /api/v1/review-queue`): the same list, preset to the analyses waiting for a
 * person, oldest first.
 */

const MAX_PAGE = 200;

/** A comma-separated list of enum values (`status=completed,error`). */
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1))
    .optional()
    .openapi({ type: 'string', description: `Comma-separated: ${values.join(', ')}.` });

const timestamp = z.iso.datetime({ offset: true });
const score = z.coerce.number().min(0).max(1).optional();

const PageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'The previous page’s next_cursor.' }),
};

const ListQuerySchema = z
  .object({
    status: oneOf(ANALYSIS_STATUSES),
    verdict: oneOf(VERDICTS),
    source: oneOf(ANALYSIS_SOURCES),
    review_status: oneOf(REVIEW_STATUSES),
    review_outcome: oneOf(REVIEW_OUTCOMES),
    review_required: z.enum(['true', 'false']).optional(),
    assigned_to: z
      .union([z.uuid(), z.enum(['me', 'none'])])
      .optional()
      .openapi({ description: 'A user id, `me`, or `none` (unassigned).' }),
    min_score: score,
    max_score: score,
    created_after: timestamp.optional(),
    created_before: timestamp.optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({
      description:
        'Text the transcript contains (case-insensitive; `*` matches any one character).',
    }),
    sort: z.enum(LIST_SORTS).default('-created_at'),
    ...PageQuery,
  })
  .refine(
    (q) => q.min_score === undefined || q.max_score === undefined || q.min_score <= q.max_score,
    {
      message: 'min_score is above max_score',
    },
  );

const PageSchema = z
  .object({
    items: z.array(AnalysisSummarySchema),
    next_cursor: z.string().nullable().meta({ description: 'null on the last page.' }),
  })
  .openapi('AnalysisPage');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/analyses',
  tags: ['Analyses'],
  operationId: 'listAnalyses',
  summary: 'Find analyses: filters, sort, cursor pagination',
  description:
    'Newest first by default. Pages are keyed on the sort value and id, so rows added while you page ' +
    'never shift or repeat a page.',
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, query: ListQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: PageSchema } } },
    ...v1Errors(400),
  },
});

const queueRoute = createRoute({
  method: 'get',
  path: '/api/v1/review-queue',
  tags: ['Reviews'],
  operationId: 'listReviewQueue',
  summary: 'The organisation’s review queue: finished analyses that need a person, oldest first',
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: {
    headers: OrgHeaderSchema,
    query: z.object({
      assigned_to: z
        .union([z.uuid(), z.enum(['me', 'none'])])
        .optional()
        .openapi({ description: 'Only these: a user id, `me`, or `none` (not yet claimed).' }),
      ...PageQuery,
    }),
  },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: PageSchema } } },
    ...v1Errors(400),
  },
});

/** `me` is the caller (a signed-in user). */
function assignee(raw: string | undefined, userId: string | null): string | undefined {
  if (raw !== 'me') return raw;
  if (!userId) throw new ApiError('VALIDATION_FAILED', 'assigned_to=me needs a signed-in user');
  return userId;
}

async function page(
  c: Parameters<typeof clientFor>[0],
  filters: ListFilters,
  paging: { sort: (typeof LIST_SORTS)[number]; limit: number; cursor?: string },
) {
  try {
    return await listAnalyses(clientFor(c), storageOrg(c), filters, paging);
  } catch (error) {
    if (error instanceof BadCursor) throw new ApiError('VALIDATION_FAILED', error.message);
    throw error;
  }
}

/** `GET /api/v1/analyses` and `GET /api/v1/review-queue`. */
export const analysesList = createRouter()
  .openapi(listRoute, async (c) => {
    const { sort, limit, cursor, review_required, assigned_to, ...filters } = c.req.valid('query');
    const found = await page(
      c,
      {
        ...filters,
        review_required: review_required === undefined ? undefined : review_required === 'true',
        assigned_to: assignee(assigned_to, c.var.caller.userId),
      },
      { sort, limit, cursor },
    );
    return c.json(found, 200);
  })
  .openapi(queueRoute, async (c) => {
    const { limit, cursor, assigned_to } = c.req.valid('query');
    const found = await page(
      c,
      {
        status: ['completed'],
        review_required: true,
        review_status: ['pending', 'in_review'],
        assigned_to: assignee(assigned_to, c.var.caller.userId),
      },
      { sort: 'created_at', limit, cursor },
    );
    return c.json(found, 200);
  });

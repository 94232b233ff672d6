import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { inBackground } from '../../background';
import {
  assignReview,
  claimReview,
  ReviewRecordSchema,
  refusalOf,
  reviewHistory,
  submitReview,
  updateAnalysis,
} from '../../db/analysis-reviews';
import {
  type AnalysisRecord,
  AnalysisRecordSchema,
  getAnalysis,
  REVIEW_OUTCOMES,
  REVIEW_STATUSES,
} from '../../db/call-analyses';
import { DbError } from '../../db/errors';
import { roleAtLeast } from '../../db/organization-members';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { reviewSubmitted } from '../../services/analysis-events';
import { AnalysisIdParam, analysisOr404, MetadataSchema, rowIdOf } from './analyses';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

/**
 * The review workflow. Flagged analyses (`review_required`) wait in the review queue; a
 * reviewer claims one (or an admin assigns it) and submits an outcome with notes. Every change
 * is kept as a review record by the database (`GET …/reviews`). Reviewers and above only: a
 * viewer or an API key (an analyst) cannot review.
 */

const NotesSchema = z.string().trim().max(10_000).nullable();

const PatchSchema = z
  .object({
    metadata: MetadataSchema.optional().meta({ description: 'Replaces the metadata (analysts).' }),
    review_status: z.enum(REVIEW_STATUSES).optional(),
    assigned_to: z.uuid().nullable().optional(),
    review_outcome: z.enum(REVIEW_OUTCOMES).nullable().optional(),
    review_notes: NotesSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change')
  .openapi('UpdateAnalysis');
const REVIEW_FIELDS = ['review_status', 'assigned_to', 'review_outcome', 'review_notes'] as const;

const SubmitSchema = z
  .object({
    outcome: z.enum(REVIEW_OUTCOMES),
    notes: NotesSchema.optional(),
  })
  .openapi('SubmitReview');

const AssignSchema = z
  .object({ user_id: z.uuid().nullable().meta({ description: 'A reviewer; null unassigns.' }) })
  .openapi('AssignReview');

const base = { security: CREDENTIALS };
const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: AnalysisRecordSchema } },
});

const patchRoute = createRoute({
  ...base,
  tags: ['Analyses'],
  method: 'patch',
  path: '/api/v1/analyses/{id}',
  operationId: 'updateAnalysis',
  summary: 'Update metadata (analysts) and review fields (reviewers)',
  middleware: [requireRole('analyst')],
  request: {
    headers: OrgHeaderSchema,
    params: AnalysisIdParam,
    body: { required: true, content: { 'application/json': { schema: PatchSchema } } },
  },
  responses: { 200: one('The analysis.'), ...v1Errors(400, 404, 409) },
});

const claimRoute = createRoute({
  ...base,
  tags: ['Reviews'],
  method: 'post',
  path: '/api/v1/analyses/{id}/claim',
  operationId: 'claimAnalysis',
  summary: 'Claim a queued analysis for review (yourself)',
  middleware: [requireRole('reviewer')],
  request: { headers: OrgHeaderSchema, params: AnalysisIdParam },
  responses: { 200: one('Claimed: in review, assigned to you.'), ...v1Errors(404, 409) },
});

const assignRoute = createRoute({
  ...base,
  tags: ['Reviews'],
  method: 'post',
  path: '/api/v1/analyses/{id}/assign',
  operationId: 'assignAnalysis',
  summary: 'Assign a queued analysis to a reviewer, or hand it back (admins)',
  middleware: [requireRole('admin')],
  request: {
    headers: OrgHeaderSchema,
    params: AnalysisIdParam,
    body: { required: true, content: { 'application/json': { schema: AssignSchema } } },
  },
  responses: { 200: one('Assigned.'), ...v1Errors(400, 404, 409) },
});

const submitRoute = createRoute({
  ...base,
  tags: ['Reviews'],
  method: 'post',
  path: '/api/v1/analyses/{id}/reviews',
  operationId: 'submitReview',
  summary: 'Submit a review: confirmed_scam, false_positive or inconclusive, with notes',
  middleware: [requireRole('reviewer')],
  request: {
    headers: OrgHeaderSchema,
    params: AnalysisIdParam,
    body: { required: true, content: { 'application/json': { schema: SubmitSchema } } },
  },
  responses: { 201: one('Reviewed.'), ...v1Errors(400, 404, 409) },
});

const historyRoute = createRoute({
  ...base,
  tags: ['Reviews'],
  method: 'get',
  path: '/api/v1/analyses/{id}/reviews',
  operationId: 'listAnalysisReviews',
  summary: 'Every change to the analysis’s review: who, when, what (oldest first)',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, params: AnalysisIdParam },
  responses: {
    200: {
      description: 'The review records.',
      content: {
        'application/json': {
          schema: z.object({ reviews: z.array(ReviewRecordSchema) }).openapi('ReviewRecords'),
        },
      },
    },
    ...v1Errors(404),
  },
});

/**
 * After a review change: the one place `review.submitted` is announced (when an outcome was
 * recorded), after the response.
 */
function announced(c: Context<AppEnv>, row: AnalysisRecord, outcomeSet: boolean): AnalysisRecord {
  if (outcomeSet) inBackground(c, reviewSubmitted(c.var.services, row));
  return row;
}

/** Why a review change found no row to change: 404, or 409 with what stands in the way. */
async function refused(c: Context<AppEnv>, org: string, id: string): Promise<never> {
  const row = await getAnalysis(clientFor(c), org, id);
  const messages = {
    not_found: null,
    taken: 'another reviewer has this analysis',
    not_queued: 'this analysis is not waiting for review',
    not_finished: 'this analysis is not finished yet',
  } as const;
  const message = messages[refusalOf(row, c.var.caller.userId ?? undefined)];
  if (!message) throw new ApiError('NOT_FOUND', 'no analysis with that id');
  throw new ApiError('CONFLICT', message);
}

/** The database refuses an assignee who is not a reviewer of the organisation. */
function assigneeRefused(error: unknown): never {
  if (error instanceof DbError && error.kind === 'invalid')
    throw new ApiError(
      'VALIDATION_FAILED',
      'analyses can only be assigned to a reviewer (or above) of this organisation',
      { cause: error },
    );
  throw error;
}

/** `PATCH /api/v1/analyses/{id}` and the review routes. */
export const reviews = createRouter()
  .openapi(patchRoute, async (c) => {
    const body = c.req.valid('json');
    const { org, id } = rowIdOf(c, c.req.valid('param').id);
    const touchesReview = REVIEW_FIELDS.some((field) => body[field] !== undefined);
    if (touchesReview && !roleAtLeast(c.var.caller.role, 'reviewer'))
      throw new ApiError('FORBIDDEN', 'only reviewers (and above) change review fields');
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const outcomeSet = body.review_outcome !== undefined && body.review_outcome !== null;
    const row = outcomeSet
      ? await submitReview(clientFor(c), org, id, {
          outcome: body.review_outcome!,
          notes: body.review_notes,
          extra: patch,
        }).catch(assigneeRefused)
      : await updateAnalysis(clientFor(c), org, id, patch).catch(assigneeRefused);
    if (!row) return refused(c, org, id);
    return c.json(announced(c, row, outcomeSet), 200);
  })
  .openapi(claimRoute, async (c) => {
    const { org, id } = rowIdOf(c, c.req.valid('param').id);
    const me = c.var.caller.userId;
    if (!me) throw new ApiError('FORBIDDEN', 'claiming needs a signed-in reviewer');
    const row = await claimReview(clientFor(c), org, id, me);
    if (!row) return refused(c, org, id);
    return c.json(row, 200);
  })
  .openapi(assignRoute, async (c) => {
    const { org, id } = rowIdOf(c, c.req.valid('param').id);
    const row = await assignReview(clientFor(c), org, id, c.req.valid('json').user_id).catch(
      assigneeRefused,
    );
    if (!row) return refused(c, org, id);
    return c.json(row, 200);
  })
  .openapi(submitRoute, async (c) => {
    const { org, id } = rowIdOf(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    const row = await submitReview(clientFor(c), org, id, {
      outcome: body.outcome,
      notes: body.notes ?? null,
    });
    if (!row) return refused(c, org, id);
    return c.json(announced(c, row, true), 201);
  })
  .openapi(historyRoute, async (c) => {
    const found = await analysisOr404(c, c.req.valid('param').id);
    const records = await reviewHistory(clientFor(c), found.organization_id, found.id);
    return c.json({ reviews: records }, 200);
  });

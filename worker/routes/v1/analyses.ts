import { createRoute, z } from '@hono/zod-openapi';
import { AnalysisRecordSchema, getAnalysis } from '../../db/call-analyses';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { analysisRowId } from '../../services/analysis-rows';
import { isDatabaseOrg } from '../../services/auth/caller';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/analyses/{id}',
  tags: ['Analyses'],
  summary: 'One stored analysis (text, audio or a stream’s final result)',
  description:
    'Every analysis is stored in the background: a report is usually here within a second or two ' +
    'of its answer, later while the database is unavailable (the queue retries). The id is the ' +
    "report's `id` (`analysis_<uuid>` or the UUID alone), or a stream's `stream_id` when that is a UUID.",
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: {
    headers: OrgHeaderSchema,
    params: z.object({
      id: z
        .string()
        .max(100)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'The analysis.',
      content: { 'application/json': { schema: AnalysisRecordSchema } },
    },
    ...v1Errors(404),
  },
});

/** `GET /api/v1/analyses/{id}` (other organisations' ids are 404, like ids that don't exist). */
export const analyses = createRouter().openapi(getRoute, async (c) => {
  const id = analysisRowId(c.req.valid('param').id);
  const { org } = c.var.caller;
  const found = id && isDatabaseOrg(org) ? await getAnalysis(clientFor(c), org, id) : null;
  if (!found) throw new ApiError('NOT_FOUND', 'no analysis with that id');
  return c.json(found, 200);
});

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  CampaignPageSchema,
  CampaignSchema,
  SetCampaignLabelSchema,
} from '#core/schemas/campaigns';
import { getCampaign, labelCampaign, listCampaigns } from '../../db/campaigns';
import { DbError } from '../../db/errors';
import { BadCursor } from '../../db/pagination';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { isDatabaseOrg } from '../../services/auth/caller';
import { sharedCampaignOf } from '../../services/shared-campaigns';
import { clientFor, OrgHeaderSchema, v1Errors } from './common';

/**
 * Campaigns: calls of the same script, grouped per organisation (issue #25). Members list them
 * by recent volume and read one with its activity and examples; reviewers label a whole
 * campaign, with the same roles as reviewing an analysis. Another organisation's ids are 404.
 */

const MAX_PAGE = 200;

const ListQuerySchema = z.object({
  label: z
    .enum(['scam', 'legitimate', 'none'])
    .optional()
    .openapi({ description: 'Only campaigns with this label; `none`: unlabelled.' }),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only campaigns with a call at or after this instant.' }),
  min_calls: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .optional()
    .openapi({ description: 'Only campaigns with at least this many calls in all.' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'The previous page’s next_cursor.' }),
});

const CampaignIdParam = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The UUID.' }),
});

const base = { tags: ['Campaigns'], security: CREDENTIALS };
const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: CampaignSchema } },
});

const listRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/campaigns',
  operationId: 'listCampaigns',
  summary: 'The organisation’s campaigns, most calls in the last 24 hours first',
  description:
    'Sorted by the calls in the 24 whole UTC hours before the hour of the first page, then id. ' +
    'Every page of one listing ranks by that same window, so pages never shift or repeat.',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, query: ListQuerySchema },
  responses: {
    200: {
      description: 'One page.',
      content: { 'application/json': { schema: CampaignPageSchema } },
    },
    ...v1Errors(400),
  },
});

const getRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/campaigns/{id}',
  operationId: 'getCampaign',
  summary: 'One campaign: counts, calls per hour and day, verdict mix, label, examples',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema, params: CampaignIdParam },
  responses: { 200: one('The campaign.'), ...v1Errors(404) },
});

const labelRoute = createRoute({
  ...base,
  method: 'put',
  path: '/api/v1/campaigns/{id}/label',
  operationId: 'labelCampaign',
  summary: 'Label a whole campaign scam or legitimate, or clear it (reviewers)',
  middleware: [requireRole('reviewer')],
  request: {
    headers: OrgHeaderSchema,
    params: CampaignIdParam,
    body: { required: true, content: { 'application/json': { schema: SetCampaignLabelSchema } } },
  },
  responses: { 200: one('The campaign, labelled.'), ...v1Errors(400, 404) },
});

/** The campaign id named by the path and the caller's organisation, or 404. */
function campaignIdOf(c: Context<AppEnv>, raw: string): { org: string; id: string } {
  const id = z.uuid().safeParse(raw);
  const { org } = c.var.caller;
  if (!id.success || !isDatabaseOrg(org))
    throw new ApiError('NOT_FOUND', 'no campaign with that id');
  return { org, id: id.data };
}

async function campaignOr404(c: Context<AppEnv>, raw: string) {
  const { org, id } = campaignIdOf(c, raw);
  const found = await getCampaign(clientFor(c), org, id, c.var.services.now());
  if (!found) throw new ApiError('NOT_FOUND', 'no campaign with that id');
  // Read as the member first: only a campaign they can see gets the shared index's counts.
  return { ...found, shared: await sharedCampaignOf(c.var.services, org, id) };
}

/** `GET /api/v1/campaigns`, `GET /api/v1/campaigns/{id}`, `PUT /api/v1/campaigns/{id}/label`. */
export const campaigns = createRouter()
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    try {
      const { org } = c.var.caller;
      if (!isDatabaseOrg(org))
        throw new ApiError(
          'FORBIDDEN',
          'campaigns are kept per organisation: sign in or use an API key',
        );
      const page = await listCampaigns(clientFor(c), org, filters, {
        limit,
        cursor,
        now: c.var.services.now(),
      });
      return c.json(page, 200);
    } catch (error) {
      if (error instanceof BadCursor) throw new ApiError('VALIDATION_FAILED', error.message);
      throw error;
    }
  })
  .openapi(getRoute, async (c) => c.json(await campaignOr404(c, c.req.valid('param').id), 200))
  .openapi(labelRoute, async (c) => {
    const { org, id } = campaignIdOf(c, c.req.valid('param').id);
    try {
      await labelCampaign(clientFor(c), org, id, c.req.valid('json').label);
    } catch (error) {
      if (error instanceof DbError && error.kind === 'not_found')
        throw new ApiError('NOT_FOUND', 'no campaign with that id');
      throw error;
    }
    return c.json(await campaignOr404(c, id), 200);
  });

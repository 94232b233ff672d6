import { createRoute } from '@hono/zod-openapi';
import { CampaignSettingsSchema } from '#core/schemas/campaigns';
import { campaignSettingsOf, setCampaignSettings } from '../../db/campaigns';
import { ApiError } from '../../errors';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { isDatabaseOrg } from '../../services/auth/caller';
import { clientFor, OrgHeaderSchema, userClient, v1Errors } from './common';

/**
 * `/api/v1/campaign-settings`: whether the organisation's fingerprints and counts join the
 * shared index (off by default), and the daily volume at which a campaign raises
 * `campaign.detected` (null: never). Members read them; admins set them, like the alert levels.
 */

const base = { tags: ['Campaigns'], security: CREDENTIALS };
const ok = {
  200: {
    description: 'The settings in force.',
    content: { 'application/json': { schema: CampaignSettingsSchema } },
  },
};

const getRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/campaign-settings',
  operationId: 'getCampaignSettings',
  summary: 'The organisation’s shared-index opt-in and campaign detection level',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema },
  responses: { ...ok, ...v1Errors(400) },
});

const putRoute = createRoute({
  ...base,
  method: 'put',
  path: '/api/v1/campaign-settings',
  operationId: 'setCampaignSettings',
  summary: 'Opt in to the shared index, set the detection level (admins)',
  middleware: [requireUser(), requireRole('admin')],
  request: {
    headers: OrgHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: CampaignSettingsSchema } } },
  },
  responses: { ...ok, ...v1Errors(400) },
});

/** `GET` and `PUT /api/v1/campaign-settings`. */
export const campaignSettings = createRouter()
  .openapi(getRoute, async (c) => {
    const { org } = c.var.caller;
    const settings = isDatabaseOrg(org)
      ? await campaignSettingsOf(clientFor(c), org)
      : { shared_index: false, detection_calls_per_day: null };
    return c.json(settings, 200);
  })
  .openapi(putRoute, async (c) => {
    const settings = c.req.valid('json');
    if (!(await setCampaignSettings(userClient(c).db, c.var.caller.org, settings)))
      throw new ApiError('FORBIDDEN', 'only admins change the campaign settings');
    return c.json(settings, 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AlertThresholds, defaultAlertThresholds } from '#core/alerts';
import { alertLevelsOf, setAlertLevels } from '../../db/organizations';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { isDatabaseOrg } from '../../services/auth/caller';
import { clientFor, OrgHeaderSchema, userClient, v1Errors } from './common';

/**
 * `/api/v1/alert-levels`: the scores at which a live call raises `call.alert` (review, alert,
 * hard alert). Members read them; admins set their own or go back to the defaults, which are
 * the deployment's verdict thresholds (CallShield's 0.30 / 0.60 / 0.85). A stream reads its
 * organisation's levels when its first chunk is scored.
 */

const Level = z.number().gt(0).max(1);

const LevelsSchema = z
  .object({ review: Level, alert: Level, hard_alert: Level })
  .refine((l) => l.review < l.alert && l.alert < l.hard_alert, {
    message: 'levels must rise: review < alert < hard_alert',
  })
  .openapi('SetAlertLevels', { example: { review: 0.3, alert: 0.6, hard_alert: 0.85 } });

const AlertLevelsSchema = z
  .object({
    review: z.number(),
    alert: z.number(),
    hard_alert: z.number(),
    custom: z.boolean().openapi({ description: 'false: the defaults (SCORE_THRESHOLDS).' }),
  })
  .openapi('AlertLevels');

const base = { tags: ['Integrations'], security: CREDENTIALS };
const ok = {
  200: {
    description: 'The levels in force.',
    content: { 'application/json': { schema: AlertLevelsSchema } },
  },
};

const getRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/alert-levels',
  operationId: 'getAlertLevels',
  summary: 'The scores at which live calls raise call.alert',
  middleware: [requireRole('viewer')],
  request: { headers: OrgHeaderSchema },
  responses: { ...ok, ...v1Errors(400) },
});

const putRoute = createRoute({
  ...base,
  method: 'put',
  path: '/api/v1/alert-levels',
  operationId: 'setAlertLevels',
  summary: "Set the organisation's own alert levels (admins)",
  middleware: [requireUser(), requireRole('admin')],
  request: {
    headers: OrgHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: LevelsSchema } } },
  },
  responses: { ...ok, ...v1Errors(400) },
});

const deleteRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/alert-levels',
  operationId: 'resetAlertLevels',
  summary: 'Go back to the default levels (admins)',
  middleware: [requireUser(), requireRole('admin')],
  request: { headers: OrgHeaderSchema },
  responses: { ...ok, ...v1Errors(400) },
});

function answer(c: Context<AppEnv>, own: [number, number, number] | null) {
  const levels: AlertThresholds = own
    ? { review: own[0], alert: own[1], hard_alert: own[2] }
    : defaultAlertThresholds(c.var.config.thresholds);
  return { ...levels, custom: own !== null };
}

async function write(c: Context<AppEnv>, levels: [number, number, number] | null) {
  if (!(await setAlertLevels(userClient(c).db, c.var.caller.org, levels)))
    throw new ApiError('FORBIDDEN', 'only admins change the alert levels');
  return c.json(answer(c, levels), 200);
}

/** `/api/v1/alert-levels`. */
export const alertLevels = createRouter()
  .openapi(getRoute, async (c) => {
    const { org } = c.var.caller;
    const own = isDatabaseOrg(org) ? await alertLevelsOf(clientFor(c), org) : null;
    return c.json(answer(c, own), 200);
  })
  .openapi(putRoute, async (c) => {
    const body = c.req.valid('json');
    return write(c, [body.review, body.alert, body.hard_alert]);
  })
  .openapi(deleteRoute, async (c) => write(c, null));

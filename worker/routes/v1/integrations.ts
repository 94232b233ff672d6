import type { Context } from 'hono';
import { EXAMPLE_EVENT_DATA } from '#core/schemas/webhook-examples';
import {
  countIntegrations,
  createIntegration,
  deleteIntegration,
  getIntegration,
  type Integration,
  listIntegrations,
  MAX_INTEGRATIONS,
  rotateSecret,
  updateIntegration,
} from '../../db/integrations';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { createRouter } from '../../openapi';
import { buildEvent } from '../../webhooks/emit';
import { fanOut } from '../../webhooks/fan-out';
import { newSigningSecret } from '../../webhooks/signature';
import { checkWebhookUrl } from '../../webhooks/url-policy';
import { userClient } from './common';
import {
  createIntegrationRoute,
  deleteIntegrationRoute,
  getIntegrationRoute,
  listIntegrationsRoute,
  RotateSchema,
  rotateSecretRoute,
  TestEventSchema,
  testEventRoute,
  updateIntegrationRoute,
} from './integrations.routes';

/** The URL as it will be stored, or 400 naming the rule it breaks (url-policy.ts). */
function acceptableUrl(c: Context<AppEnv>, raw: string): string {
  const verdict = checkWebhookUrl(raw, { allowLocal: c.var.config.webhooks.allowLocalUrls });
  if (!verdict.ok) throw new ApiError('VALIDATION_FAILED', `url: ${verdict.reason}`);
  return verdict.url.href;
}

/** The organisation's integration `id`, or 404 (also for another organisation's). */
async function found(c: Context<AppEnv>, id: string): Promise<Integration> {
  const integration = await getIntegration(userClient(c).db, c.var.caller.org, id.toLowerCase());
  if (!integration) throw new ApiError('NOT_FOUND', 'no integration with that id');
  return integration;
}

/** `/api/v1/integrations` (route definitions in integrations.routes.ts). */
export const integrations = createRouter()
  .openapi(createIntegrationRoute, async (c) => {
    const { db } = userClient(c);
    const org = c.var.caller.org;
    const body = c.req.valid('json');
    const url = acceptableUrl(c, body.url);
    if ((await countIntegrations(db, org)) >= MAX_INTEGRATIONS)
      throw new ApiError(
        'CONFLICT',
        `an organisation has at most ${MAX_INTEGRATIONS} integrations`,
      );
    const secret = newSigningSecret();
    const record = await createIntegration(db, org, {
      url,
      description: body.description,
      events: body.events,
      secret,
    });
    return c.json({ ...record, secret }, 201);
  })
  .openapi(listIntegrationsRoute, async (c) => {
    return c.json(
      { integrations: await listIntegrations(userClient(c).db, c.var.caller.org) },
      200,
    );
  })
  .openapi(getIntegrationRoute, async (c) => c.json(await found(c, c.req.valid('param').id), 200))
  .openapi(updateIntegrationRoute, async (c) => {
    const body = c.req.valid('json');
    const change = {
      ...body,
      ...(body.url === undefined ? {} : { url: acceptableUrl(c, body.url) }),
    };
    const updated = await updateIntegration(
      userClient(c).db,
      c.var.caller.org,
      c.req.valid('param').id.toLowerCase(),
      change,
      { at: new Date(c.var.services.now()), disabledReason: 'disabled by an admin' },
    );
    if (!updated) throw new ApiError('NOT_FOUND', 'no integration with that id');
    return c.json(updated, 200);
  })
  .openapi(deleteIntegrationRoute, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    if (!(await deleteIntegration(userClient(c).db, c.var.caller.org, id)))
      throw new ApiError('NOT_FOUND', 'no integration with that id');
    return c.body(null, 204);
  })
  .openapi(rotateSecretRoute, async (c) => {
    const integration = await found(c, c.req.valid('param').id);
    const body = RotateSchema.parse(c.req.valid('json'));
    const secret = newSigningSecret();
    const expires = await rotateSecret(
      userClient(c).db,
      integration.id,
      secret,
      body.grace_period_seconds,
    );
    return c.json({ secret, previous_secret_expires_at: expires }, 200);
  })
  .openapi(testEventRoute, async (c) => {
    const integration = await found(c, c.req.valid('param').id);
    if (!integration.enabled)
      throw new ApiError(
        'CONFLICT',
        'the integration is disabled; enable it first (PATCH enabled: true)',
      );
    const type = TestEventSchema.parse(c.req.valid('json')).event_type ?? integration.events[0];
    if (!type) throw new ApiError('CONFLICT', 'the integration subscribes to no event type');
    const { services } = c.var;
    const event = await buildEvent(
      c.var.caller.org,
      { type, data: EXAMPLE_EVENT_DATA[type], test: { integrationId: integration.id } },
      services.now,
    );
    if ('error' in event)
      throw new ApiError('INTERNAL', 'the example event is invalid', { cause: event.error });
    // The integration was read with the admin's own token above, so it is theirs; the event
    // and its delivery are written by the service role, as every event is.
    const [deliveryId] = await fanOut(services, event);
    if (!deliveryId) throw new ApiError('CONFLICT', 'the integration was disabled meanwhile');
    return c.json({ event_id: event.id, delivery_id: deliveryId }, 202);
  });

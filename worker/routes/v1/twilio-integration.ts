import { createRoute, z } from '@hono/zod-openapi';
import { AlertLevelSchema } from '#core/schemas/call-alert';
import { sidSchema } from '#core/schemas/twilio-media';
import {
  deleteTwilioIntegration,
  getTwilioIntegration,
  numbersTakenElsewhere,
  PhoneNumberSchema,
  putTwilioIntegration,
  TwilioIntegrationSchema,
} from '../../db/twilio-integrations';
import { ApiError } from '../../errors';
import { requireRole, requireUser } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { sealSecret } from '../../services/secret-box';
import { forgetTwilioAccounts, twilioBackend } from '../../twilio/accounts';
import { OrgHeaderSchema, userClient, v1Errors } from './common';

/**
 * `/api/v1/integrations/twilio`: the organisation's Twilio account (one), the integration of
 * type `twilio`. Its auth token checks every request Twilio makes to us; it is encrypted before
 * it is stored and never shown again. Admins only, signed in.
 */

const PutSchema = z
  .object({
    account_sid: sidSchema('AC').openapi({ example: 'AC0123456789abcdef0123456789abcdef' }),
    auth_token: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'expected the 32 hex digits of a Twilio auth token'),
    phone_numbers: z
      .array(PhoneNumberSchema)
      .min(1)
      .max(100)
      .refine((n) => new Set(n).size === n.length, 'each number once'),
    mode: z.enum(['start', 'connect']).default('start'),
    forward_to: PhoneNumberSchema.nullable().default(null),
    warning_level: AlertLevelSchema.nullable().default('hard_alert'),
  })
  .openapi('PutTwilioIntegration');

const base = {
  tags: ['Integrations'],
  security: CREDENTIALS,
  middleware: [requireUser(), requireRole('admin')],
};
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const putRoute = createRoute({
  ...base,
  method: 'put',
  path: '/api/v1/integrations/twilio',
  operationId: 'connectTwilio',
  summary: "Connect the organisation's Twilio account (its auth token is stored encrypted)",
  request: { headers: OrgHeaderSchema, body: { required: true, content: json(PutSchema) } },
  responses: {
    200: {
      description: 'The integration, without its token.',
      content: json(TwilioIntegrationSchema),
    },
    ...v1Errors(400, 409),
  },
});

const getRoute = createRoute({
  ...base,
  method: 'get',
  path: '/api/v1/integrations/twilio',
  operationId: 'getTwilioIntegration',
  summary: "The organisation's Twilio integration",
  request: { headers: OrgHeaderSchema },
  responses: {
    200: { description: 'The integration.', content: json(TwilioIntegrationSchema) },
    ...v1Errors(404),
  },
});

const deleteRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/api/v1/integrations/twilio',
  operationId: 'disconnectTwilio',
  summary: 'Disconnect the Twilio account (its calls are answered 403 from now on)',
  request: { headers: OrgHeaderSchema },
  responses: { 204: { description: 'Removed.' }, ...v1Errors(404) },
});

export const twilioIntegration = createRouter()
  .openapi(putRoute, async (c) => {
    const body = c.req.valid('json');
    const org = c.var.caller.org;
    const backend = twilioBackend(c.var.config, c.var.services.db);
    const taken = await numbersTakenElsewhere(backend.service, org, body.phone_numbers);
    if (taken.length)
      throw new ApiError(
        'CONFLICT',
        `${taken.length} of these numbers belong to another organisation`,
      );
    const stored = await putTwilioIntegration(backend.service, org, {
      account_sid: body.account_sid,
      auth_token_sealed: await sealSecret(backend.key, body.auth_token),
      phone_numbers: body.phone_numbers,
      mode: body.mode,
      forward_to: body.forward_to,
      warning_level: body.warning_level,
    });
    forgetTwilioAccounts();
    return c.json(stored, 200);
  })
  .openapi(getRoute, async (c) => {
    const found = await getTwilioIntegration(userClient(c).db, c.var.caller.org);
    if (!found) throw new ApiError('NOT_FOUND', 'this organisation has no Twilio integration');
    return c.json(found, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const backend = twilioBackend(c.var.config, c.var.services.db);
    const deleted = await deleteTwilioIntegration(backend.service, c.var.caller.org);
    forgetTwilioAccounts();
    if (!deleted) throw new ApiError('NOT_FOUND', 'this organisation has no Twilio integration');
    return c.body(null, 204);
  });

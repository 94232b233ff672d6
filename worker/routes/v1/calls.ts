import { createRoute, z } from '@hono/zod-openapi';
import { CallSidSchema } from '#core/schemas/twilio-media';
import { CallStateSchema, callSessionName } from '../../../durable-objects/call-session/contract';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { OrgHeaderSchema, v1Errors } from './common';

/** `GET /api/v1/calls/{callSid}`: a phone call's live state, while it goes on and after. */

const route = createRoute({
  method: 'get',
  path: '/api/v1/calls/{callSid}',
  tags: ['Twilio'],
  operationId: 'getCall',
  summary: "A phone call's live state: windows scored, running verdict, final result",
  security: CREDENTIALS,
  middleware: [requireRole('viewer')],
  request: {
    headers: OrgHeaderSchema,
    params: z.object({
      callSid: CallSidSchema.openapi({ param: { name: 'callSid', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'The call.', content: { 'application/json': { schema: CallStateSchema } } },
    ...v1Errors(400, 404),
  },
});

export const calls = createRouter().openapi(route, async (c) => {
  const { callSid } = c.req.valid('param');
  const state = await c.env.CALL_SESSION.getByName(callSessionName(callSid)).getCall(
    c.var.caller.org,
  );
  if (!state) throw new ApiError('NOT_FOUND', 'no call with that SID');
  return c.json(state, 200);
});

import { createRoute, z } from '@hono/zod-openapi';
import { FinalResultSchema, PartialResultSchema } from '#core/schemas/stream-protocol';
import { CallSidSchema } from '#core/schemas/twilio-media';
import { ApiError } from '../../errors';
import { requireRole } from '../../middleware/auth';
import { CREDENTIALS, createRouter } from '../../openapi';
import { callSessionName } from '../twilio/media';
import { OrgHeaderSchema, v1Errors } from './common';

/** `GET /api/v1/calls/{callSid}`: a phone call's live state, while it goes on and after. */

const CallStateSchema = z
  .object({
    stream_id: z.string().openapi({ description: 'The call SID.' }),
    status: z.enum(['open', 'final']),
    created_at: z.string(),
    last_activity_at: z.string(),
    chunks_received: z.number().int().openapi({ description: 'Windows (5 s) scored so far.' }),
    transcript: z.string(),
    chunks: z.array(PartialResultSchema),
    final_result: FinalResultSchema.nullable(),
    call: z
      .object({
        call_sid: z.string(),
        stream_sid: z.string().nullable(),
        account_sid: z.string().nullable(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        mode: z.enum(['start', 'connect']).nullable(),
        started_at: z.string().nullable(),
        warned_at: z
          .string()
          .nullable()
          .openapi({ description: 'When the spoken warning was played (`connect` calls).' }),
      })
      .openapi({ description: 'Twilio’s details; all null but call_sid when no `start` came.' }),
  })
  .openapi('CallState');

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

import { createRoute, z } from '@hono/zod-openapi';
import { CallSidSchema } from '#core/schemas/twilio-media';
import { callSessionName, handoffHeaders } from '../../durable-objects/call-session/contract';
import { ApiError, errorResponses } from '../errors';
import { createRouter } from '../openapi';
import { SIGNATURE_HEADER, twilioBackend, verifiedAccount } from './accounts';
import { socketOrigin } from './twiml';
import { mediaPath } from './voice-route';

const mediaRoute = createRoute({
  method: 'get',
  path: '/twilio/media/{org}/{callSid}',
  tags: ['Twilio'],
  operationId: 'twilioMediaStream',
  summary: 'Twilio Media Streams WebSocket',
  description:
    'The stream URL the voice webhook hands Twilio. The upgrade must carry the `X-Twilio-Signature` of the ' +
    "organisation's Twilio account over this URL (403 otherwise). Then Twilio's Media Streams protocol: " +
    '`connected`, `start`, `media` (8 kHz µ-law, 20 ms frames; reordered, gaps filled with silence, ' +
    "duplicates ignored), `mark`, `dtmf`, `stop`. The caller's audio is scored in 5 s windows; a final " +
    'result is always stored, also when the socket vanishes.',
  request: {
    params: z.object({
      org: z.uuid().openapi({ param: { name: 'org', in: 'path' } }),
      callSid: CallSidSchema.openapi({ param: { name: 'callSid', in: 'path' } }),
    }),
  },
  responses: {
    101: { description: 'Switching protocols: the stream is open.' },
    ...errorResponses(400, 403, 426, 503),
  },
});

/** `GET /twilio/media/{org}/{callSid}`: checks Twilio's signature, hands the socket to the call's CallSession. */
export const twilioMedia = createRouter().openapi(mediaRoute, async (c) => {
  if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket')
    throw new ApiError(
      'UPGRADE_REQUIRED',
      'this endpoint speaks WebSocket: send Upgrade: websocket',
    );
  const { org, callSid } = c.req.valid('param');
  const { config, db } = c.var.services;
  await verifiedAccount(
    twilioBackend(config, db),
    { org },
    {
      signature: c.req.header(SIGNATURE_HEADER) ?? null,
      url: `${socketOrigin(config.publicBaseUrl)}${mediaPath(org, callSid)}`,
      params: [],
    },
  );
  const headers = handoffHeaders(c.req.raw.headers, {
    requestId: c.var.requestId,
    transport: 'twilio',
    streamId: callSid,
    org,
    userId: null,
    apiKeyId: null,
    ticketId: null,
  });
  const stub = c.env.CALL_SESSION.getByName(callSessionName(callSid));
  return stub.fetch(new Request(c.req.raw, { headers })) as unknown as Response;
});

import { createRoute, z } from '@hono/zod-openapi';
import { CallSidSchema, sidSchema } from '#core/schemas/twilio-media';
import { ApiError, errorResponses } from '../errors';
import { createRouter } from '../openapi';
import { SIGNATURE_HEADER, twilioBackend, verifiedAccount } from './accounts';
import { streamCaller } from './caller';
import { issueStreamToken } from './stream-token';
import { DEFAULT_CALL_MESSAGE, socketOrigin, streamTwiml } from './twiml';

/** The form fields of Twilio's voice webhook we read (it sends many more; all are signed). */
const VoiceFormSchema = z.object({
  CallSid: CallSidSchema,
  AccountSid: sidSchema('AC'),
  From: z.string().max(64).default(''),
  To: z.string().min(1).max(64),
});

/** The most form data a voice webhook may send: Twilio's are a few hundred bytes. */
const MAX_FORM_BYTES = 16_384;

/** The media socket's path for one call (the org and call are signed by Twilio with the URL). */
export function mediaPath(org: string, callSid: string): string {
  return `/twilio/media/${org}/${callSid}`;
}

const voiceRoute = createRoute({
  method: 'post',
  path: '/twilio/voice',
  tags: ['Twilio'],
  operationId: 'twilioVoiceWebhook',
  summary: "Twilio's voice webhook: TwiML that streams the call to us",
  description:
    'Point a number\'s "A call comes in" webhook here (HTTP POST). The request must carry a valid `X-Twilio-Signature` ' +
    "made with the auth token of the organisation's Twilio integration that covers the called number (`To`); " +
    "anything else is answered 403 and nothing is kept. Twilio's `StirVerstat` (STIR/SHAKEN) and the keyed hash of the " +
    "caller's number (`From`) travel in the token: the call's caller trust (docs/campaigns.md). The answer forks the caller's audio to `/twilio/media/…` " +
    '(`<Start><Stream>`, the call goes on) or hands the call to it (`<Connect><Stream>`, two-way), with the ' +
    'organisation and a short-lived signed token as `<Parameter>`s.',
  responses: {
    200: {
      description: 'TwiML.',
      content: {
        'text/xml': { schema: z.string().openapi({ example: '<Response>…</Response>' }) },
      },
    },
    ...errorResponses(400, 403, 413, 503),
  },
});

/** `POST /twilio/voice`. */
export const twilioVoice = createRouter().openapi(voiceRoute, async (c) => {
  const { config, db } = c.var.services;
  const backend = twilioBackend(config, db);
  const raw = await c.req.raw.text();
  if (raw.length > MAX_FORM_BYTES)
    throw new ApiError('PAYLOAD_TOO_LARGE', `the form is over ${MAX_FORM_BYTES} bytes`);
  const params = [...new URLSearchParams(raw).entries()];
  const fields = Object.fromEntries(params);
  // Twilio signs the URL it was given, which we publish from PUBLIC_BASE_URL, never the Host.
  const url = `${config.publicBaseUrl}/twilio/voice${new URL(c.req.url).search}`;
  const account = await verifiedAccount(
    backend,
    { number: String(fields.To ?? '') },
    { signature: c.req.header(SIGNATURE_HEADER) ?? null, url, params },
  );
  const form = VoiceFormSchema.safeParse(fields);
  if (!form.success || form.data.AccountSid !== account.account_sid)
    throw new ApiError('FORBIDDEN', 'the call does not belong to this Twilio account');
  const { CallSid: callSid, From: from, To: to } = form.data;
  const org = account.organization_id;
  const token = await issueStreamToken(config.auth.ticketSecret, {
    org,
    callSid,
    account: account.account_sid,
    from,
    to,
    mode: account.mode,
    // A `start` call is warned only through Twilio's REST API, when the deployment allows it.
    warn:
      account.mode === 'connect' || config.twilio.redirectStartCalls ? account.warning_level : null,
    // Twilio signed the form, so its `StirVerstat` is Twilio's word; the number leaves as a hash.
    caller: await streamCaller(config.twilio.callerHashKey, fields),
  });
  const twiml = streamTwiml({
    mode: account.mode,
    streamUrl: `${socketOrigin(config.publicBaseUrl)}${mediaPath(org, callSid)}`,
    parameters: { org, token },
    forwardTo: account.forward_to,
    message: DEFAULT_CALL_MESSAGE,
  });
  return c.body(twiml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
});

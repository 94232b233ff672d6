import { bool, HTTPS_ONLY, httpUrl, int, secretString, variable } from '#core/config/variable';
import { section } from '../section';
import { type RateLimit, rateLimit } from './rate-limits';

/** How fast phone calls' audio may come (durable-objects/call-session/transports/twilio/pacing.ts). */
export interface TwilioMediaLimits {
  /** How far ahead of the clock one call's audio may run (ms). */
  burstMs: number;
  /** Seconds of call audio per organisation (`limit` seconds per `periodMs`); null: no limit. */
  orgAudio: RateLimit | null;
}

/** Twilio Media Streams: the key of organisations' stored tokens and Twilio's REST API. */
export const twilio = section({
  title: 'Twilio',
  about:
    'Every Twilio request is checked, and every REST call made, with the organisation’s own account (`/api/v1/integrations/twilio`); nothing here is an account of ours.',
  variables: {
    INTEGRATION_SECRETS_KEY: variable({
      doc: "Encrypts organisations' Twilio auth tokens (AES-GCM). Without it the Twilio routes answer 503. Changing it makes the stored tokens unreadable: connect the accounts again. `npm start` and the test stacks set one.",
      schema: secretString(32),
      secret: true,
    }),
    CALLER_HASH_KEY: variable({
      doc: "HMAC-SHA256 key of callers' numbers: an organisation's history of a number (`caller_numbers`) is kept under this keyed hash, never the number. Required in production; changing it starts every number's history afresh. `npm start` and the test stacks make one per run.",
      schema: secretString(32),
      secret: true,
      required: 'production',
    }),
    TWILIO_API_BASE_URL: variable({
      doc: "Twilio's REST API (the e2e stack points it at a loopback stand-in).",
      schema: httpUrl,
      default: 'https://api.twilio.com',
      production: HTTPS_ONLY,
    }),
    TWILIO_MEDIA_BURST_MS: variable({
      doc: "How far a phone call's audio may run ahead of the time since its stream opened (Twilio sends it in real time); past it the socket is closed 4029 and the call ends.",
      schema: int(1_000, 600_000),
      default: '10000',
    }),
    RATE_LIMIT_TWILIO_AUDIO: variable({
      doc: 'Seconds of phone-call audio per seconds, per organisation over all its calls (`<seconds>/<seconds>`, fifty calls’ worth by default), or `off`.',
      schema: rateLimit,
      default: '500/10',
    }),
    TWILIO_REDIRECT_START_CALLS: variable({
      doc: "`true`: a `<Start>` call whose score reaches its integration's `warning_level` is redirected to a spoken warning through Twilio's REST API.",
      schema: bool,
      default: 'false',
    }),
  },
  build: (v) => ({
    /** Encrypts the auth tokens of organisations' Twilio integrations; null: none can be used. */
    secretsKey: v.INTEGRATION_SECRETS_KEY ?? null,
    /** Keys callers' numbers' hashes (core/trust, worker/twilio/caller.ts); null: no caller history. */
    callerHashKey: v.CALLER_HASH_KEY ?? null,
    /** Twilio's REST API (a loopback server in tests). */
    apiBaseUrl: v.TWILIO_API_BASE_URL,
    /** Warn `<Start>` calls by redirecting them to a `<Say>` through Twilio's REST API. */
    redirectStartCalls: v.TWILIO_REDIRECT_START_CALLS,
    /** How fast phone calls' audio may come. */
    media: {
      burstMs: v.TWILIO_MEDIA_BURST_MS,
      orgAudio: v.RATE_LIMIT_TWILIO_AUDIO,
    } satisfies TwilioMediaLimits,
  }),
});

/**
 * Twilio Media Streams over the WebSocket: the events Twilio sends (`connected`, `start`,
 * `media`, `mark`, `dtmf`, `stop`) and the ones we send back (`media`, `mark`, `clear`).
 * Every inbound frame is parsed with these before anything reads it.
 */
import { z } from 'zod';

/** Twilio sends counters as decimal strings ("1", "2", …). */
const Counter = z
  .string()
  .regex(/^\d{1,12}$/, 'expected a decimal counter')
  .transform(Number);

/** A Twilio SID: two letters and 32 hex digits (CA… calls, MZ… streams, AC… accounts). */
export const sidSchema = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `expected a ${prefix}… SID`);

export const CallSidSchema = sidSchema('CA');

/** 20 ms of 8 kHz µ-law is 160 bytes; a frame of up to a second is accepted, none larger. */
export const MAX_MEDIA_PAYLOAD_BYTES = 8_000;

const Base64 = z
  .string()
  .max(Math.ceil(MAX_MEDIA_PAYLOAD_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

export const ConnectedEventSchema = z.object({
  event: z.literal('connected'),
  protocol: z.string().max(100).optional(),
  version: z.string().max(100).optional(),
});

export const StartEventSchema = z.object({
  event: z.literal('start'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  start: z.object({
    streamSid: z.string().min(1).max(64),
    accountSid: sidSchema('AC'),
    callSid: CallSidSchema,
    tracks: z.array(z.enum(['inbound', 'outbound'])).max(2),
    customParameters: z.record(z.string().max(100), z.string().max(2_048)).default({}),
    mediaFormat: z.object({
      encoding: z.literal('audio/x-mulaw'),
      sampleRate: z.literal(8000),
      channels: z.literal(1),
    }),
  }),
});

export const MediaEventSchema = z.object({
  event: z.literal('media'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  media: z.object({
    track: z.enum(['inbound', 'outbound']),
    /** Counts this track's audio messages from 1: a missing number is lost audio. */
    chunk: Counter,
    /** Milliseconds since the stream started. */
    timestamp: Counter,
    payload: Base64,
  }),
});

export const MarkEventSchema = z.object({
  event: z.literal('mark'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  mark: z.object({ name: z.string().max(256) }),
});

export const DtmfEventSchema = z.object({
  event: z.literal('dtmf'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  dtmf: z.object({ track: z.string().max(32), digit: z.string().regex(/^[0-9*#A-D]$/) }),
});

export const StopEventSchema = z.object({
  event: z.literal('stop'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  stop: z.object({ accountSid: z.string().max(64), callSid: z.string().max(64) }),
});

/** Every event Twilio sends on a Media Stream. */
export const TwilioInboundSchema = z.discriminatedUnion('event', [
  ConnectedEventSchema,
  StartEventSchema,
  MediaEventSchema,
  MarkEventSchema,
  DtmfEventSchema,
  StopEventSchema,
]);
export type TwilioInbound = z.infer<typeof TwilioInboundSchema>;
export type TwilioStart = z.infer<typeof StartEventSchema>;
export type TwilioMedia = z.infer<typeof MediaEventSchema>;

/** What we may send Twilio on a bidirectional (`<Connect>`) stream. */
export const TwilioOutboundSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('media'),
    streamSid: z.string(),
    media: z.object({ payload: z.string() }),
  }),
  z.object({
    event: z.literal('mark'),
    streamSid: z.string(),
    mark: z.object({ name: z.string() }),
  }),
  z.object({ event: z.literal('clear'), streamSid: z.string() }),
]);
export type TwilioOutbound = z.infer<typeof TwilioOutboundSchema>;

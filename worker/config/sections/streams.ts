import { z } from 'zod';
import { int, variable } from '#core/config/variable';
import { section } from '../section';

/** Live streams (`/ws/stream`, Twilio Media Streams): when they end and what is transcribed. */
export const streams = section({
  title: 'Live streams',
  about:
    'How a CallSession treats the audio of a live call (`/ws/stream` and Twilio Media Streams).',
  variables: {
    STREAM_IDLE_TIMEOUT_MS: variable({
      doc: 'A stream with no client message and no work in flight for this long is finalized.',
      schema: int(1_000, 3_600_000),
      default: '30000',
    }),
    STREAM_SILENCE_DBFS: variable({
      doc: 'Chunks quieter than this (RMS, dBFS) are not sent for transcription.',
      schema: z.coerce.number().min(-120).max(0),
      default: '-45',
    }),
    STREAM_FULL_PASS_MAX_MS: variable({
      doc: 'Calls up to this long are transcribed again in one piece for the final result (0 = never).',
      schema: int(0, 600_000),
      default: '180000',
    }),
    STREAM_CONTEXT_MS: variable({
      doc: "Each live chunk is decoded with up to this much of the call's audio before it (0 = chunks alone). A chunk then costs the decoding of that much more audio; the sidecar's `MAX_CONTEXT_MS` caps it too.",
      schema: int(0, 60_000),
      default: '10000',
    }),
  },
  build: (v) => ({
    idleTimeoutMs: v.STREAM_IDLE_TIMEOUT_MS,
    silenceDbfs: v.STREAM_SILENCE_DBFS,
    fullPassMaxMs: v.STREAM_FULL_PASS_MAX_MS,
    contextMs: v.STREAM_CONTEXT_MS,
  }),
});

/**
 * The CallSession's RPC methods, as the Worker calls them through its stub
 * (`env.CALL_SESSION.getByName(name)`), and the shapes they answer with. The Worker's routes
 * return these shapes as they are, so the schemas are also the routes' OpenAPI responses.
 */
import { z } from 'zod';
import { FinalResultSchema, PartialResultSchema } from '#core/schemas/stream-protocol';

/** A stream's stored state, for `GET /api/streams/{id}`. */
export const StreamStateSchema = z
  .object({
    stream_id: z.string(),
    status: z.enum(['open', 'final']),
    created_at: z.string(),
    last_activity_at: z.string(),
    chunks_received: z.number().int(),
    transcript: z.string(),
    chunks: z.array(PartialResultSchema),
    final_result: FinalResultSchema.nullable(),
  })
  .meta({ id: 'StreamState' });
export type StreamState = z.infer<typeof StreamStateSchema>;

/** A phone call's own details, kept once its `start` checked out. */
export const PhoneCallSchema = z
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
      .meta({ description: 'When the spoken warning was played (`connect` calls).' }),
  })
  .meta({ description: 'Twilio’s details; all null but call_sid when no `start` came.' });
export type PhoneCall = z.infer<typeof PhoneCallSchema>;

/** A phone call's state and details, for `GET /api/v1/calls/{callSid}`. */
export const CallStateSchema = StreamStateSchema.extend({
  stream_id: z.string().meta({ description: 'The call SID.' }),
  chunks_received: z.number().int().meta({ description: 'Windows (5 s) scored so far.' }),
  call: PhoneCallSchema,
}).meta({ id: 'CallState' });
export type CallState = z.infer<typeof CallStateSchema>;

/**
 * What a CallSession answers over RPC (the class implements it, so the compiler holds the two
 * together). Every method takes the caller's organisation: a session of another one answers as
 * if it did not exist.
 */
export interface CallSessionRpc {
  /** Whether this stream exists and belongs to `org` (cheap: no chunks are read). */
  belongsTo(org: string): Promise<boolean>;
  /** The stored state; null unless the stream exists in `org`. */
  getState(org: string): Promise<StreamState | null>;
  /** A phone call's state and details; null unless it is a phone call in `org`. */
  getCall(org: string): Promise<CallState | null>;
}

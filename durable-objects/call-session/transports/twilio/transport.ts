/**
 * Twilio Media Streams (`/twilio/media`): JSON text frames only. `start` says which call
 * and stream this is; `media` carries 20 ms of base64 µ-law from the caller, put back in order
 * (frames.ts) and cut into 5 s windows for the pipeline; `stop` ends the call. Twilio
 * does not read error messages, so bad frames are dropped and counted, never answered, and
 * nothing is sent per window: a call's results go to webhooks and `GET /api/v1/calls/{sid}`.
 *
 * A socket's audio is read only once its `start` checked out (the session marks it verified):
 * Twilio always sends `start` first, and the call's audio buffer is shared by its sockets, so a
 * replayed upgrade must not write into it. What else a phone call needs (its start checked, its
 * pace, its warning, its record) is in its call hooks (phone-call.ts).
 */
import { readWav } from '#core/audio/wav-reader';
import { type TwilioInbound, TwilioInboundSchema } from '#core/schemas/twilio-media';
import type { AudioWindow } from '../../pipeline';
import type { FrameAction, SocketAttachment, StreamTransport } from '../transport';
import { TWILIO_MAX_WINDOWS, TwilioCallAudio } from './frames';
import { PhoneCall } from './phone-call';

/** A Twilio socket's attachment: which stream's audio it feeds, and Twilio's stream id. */
export interface TwilioAttachment extends SocketAttachment {
  transport: 'twilio';
  streamId: string;
  /** Twilio's id for the stream (`MZ…`), once `start` said it; every message we send names it. */
  streamSid: string | null;
  /** Frames that were not a Media Streams event, and events we don't know: dropped. */
  dropped: number;
}

/** Each live call's audio in flight, by stream id (many calls may share an isolate). */
const calls = new Map<string, TwilioCallAudio>();
/**
 * Calls whose socket vanished are finalized by the idle alarm without a socket to clean up
 * after: past this many, the oldest entry goes (about 80 KB each).
 */
const MAX_CALLS_PER_ISOLATE = 256;

function audioOf(streamId: string): TwilioCallAudio {
  let audio = calls.get(streamId);
  if (!audio) {
    audio = new TwilioCallAudio();
    calls.set(streamId, audio);
    for (const oldest of calls.keys()) {
      if (calls.size <= MAX_CALLS_PER_ISOLATE) break;
      calls.delete(oldest);
    }
  }
  return audio;
}

/** How out of order a call's audio arrived, while it is live (null once it ended). */
export function twilioAudioStats(streamId: string) {
  return calls.get(streamId)?.stats ?? null;
}

/** Parses a text frame; null for anything that is not a known, well-formed event. */
function readEvent(frame: string | ArrayBuffer): TwilioInbound | null {
  if (typeof frame !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return null;
  }
  const parsed = TwilioInboundSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** WAV windows numbered from `first`. */
function numbered(wavs: Uint8Array[], first: number): AudioWindow[] {
  return wavs.map((wav, i) => ({ index: first + i, wav, info: readWav(wav) }));
}

function windowsOf(attachment: TwilioAttachment, wavs: Uint8Array[]) {
  const actions: FrameAction[] = numbered(wavs, attachment.nextIndex).map((window) => ({
    kind: 'window',
    window,
  }));
  return { nextIndex: attachment.nextIndex + wavs.length, actions };
}

/** The Twilio Media Streams transport. */
export const twilioTransport: StreamTransport = {
  name: 'twilio',
  callSource: 'twilio',
  maxWindows: TWILIO_MAX_WINDOWS,
  verifiesStart: true,
  realTime: true,

  open(_ws, { streamId, lastTaken }) {
    const attachment: TwilioAttachment = {
      transport: 'twilio',
      nextIndex: lastTaken + 1,
      streamId,
      streamSid: null,
      dropped: 0,
    };
    return attachment;
  },

  receive(_ws, current, frame) {
    const attachment = current as TwilioAttachment;
    const event = readEvent(frame);
    if (!event)
      return { attachment: { ...attachment, dropped: attachment.dropped + 1 }, actions: [] };
    switch (event.event) {
      case 'start': {
        const next: TwilioAttachment = { ...attachment, streamSid: event.start.streamSid };
        return {
          attachment: next,
          actions: [
            {
              kind: 'start',
              callSid: event.start.callSid,
              accountSid: event.start.accountSid,
              streamSid: event.start.streamSid,
              parameters: event.start.customParameters,
            },
          ],
        };
      }
      case 'media': {
        // Not the call's (yet): Twilio sends nothing before `start`, so this is no stream of it.
        if (!attachment.verified)
          return { attachment: { ...attachment, dropped: attachment.dropped + 1 }, actions: [] };
        // The caller's audio only: on a two-way call the outbound track is our own warning.
        if (event.media.track !== 'inbound') return { attachment, actions: [] };
        const { nextIndex, actions } = windowsOf(
          attachment,
          audioOf(attachment.streamId).media(event),
        );
        return { attachment: { ...attachment, nextIndex }, actions };
      }
      case 'stop': {
        // Whether a socket that never started may end the call is the session's to decide;
        // it has no audio of the call to flush.
        if (!attachment.verified) return { attachment, actions: [{ kind: 'end' }] };
        const { nextIndex, actions } = windowsOf(attachment, audioOf(attachment.streamId).end());
        calls.delete(attachment.streamId);
        return { attachment: { ...attachment, nextIndex }, actions: [...actions, { kind: 'end' }] };
      }
      default:
        // connected, mark (our own warning finished playing), dtmf: nothing to score.
        return { attachment, actions: [] };
    }
  },

  drain(streamId, nextIndex) {
    const audio = calls.get(streamId);
    calls.delete(streamId);
    return audio ? numbered(audio.end(), nextIndex) : [];
  },

  outcome() {
    // Twilio has no message for results: webhooks and GET /api/v1/calls/{sid} carry them.
  },

  alert() {
    // Alerts go out as `call.alert` webhooks (the pipeline emitted them).
  },

  final(_ws, streamId) {
    calls.delete(streamId);
  },

  ended(_ws, streamId) {
    calls.delete(streamId);
  },

  callHooks: (sql, deps) => new PhoneCall(sql, deps),
};

/**
 * What a stream protocol must provide so the CallSession can serve it: frames in, windows out
 * to the pipeline, and the pipeline's outcomes back in that protocol's messages. The session
 * owns the sockets, the queue, the idle alarm and the one-live-socket rule; the pipeline owns
 * the audio and the scores; a transport owns its wire format, and whatever a call of its
 * protocol needs beyond the pipeline, through its call hooks (call-hooks.ts).
 *
 * `callshield.ts` speaks `/ws/stream`. The Twilio Media Streams transport (`twilio/`) fits the
 * same shape: it decodes base64 µ-law `media` events, buffers its 20 ms frames into 5 s WAV
 * windows, answers `start`/`mark`/`stop`, and sends no per-chunk messages of its own.
 */
import type { CallAlert, CallSource } from '#core/schemas/call-alert';
import type { FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import type { CallSessionDeps, SessionSettings, TransportName } from '../contract';
import type { AudioWindow, WindowOutcome } from '../pipeline';
import type { CallHooks, StartAction } from './call-hooks';

export { TRANSPORT_NAMES, type TransportName } from '../contract';

/** What a greeting tells a client of the stream's limits: a part of the session's settings. */
export interface GreetingSettings {
  thresholds: SessionSettings['thresholds'];
  streams: Pick<SessionSettings['streams'], 'idleTimeoutMs'>;
}

/** The part of a WebSocket a transport uses. */
export type Socket = Pick<WebSocket, 'send' | 'close'>;

/**
 * Per-socket state that must survive hibernation (`serializeAttachment`: keep it small). A
 * transport may add fields of its own; `transport` says which one the socket speaks.
 */
export interface SocketAttachment {
  transport: TransportName;
  /** Index the next window from this socket will get. */
  nextIndex: number;
  /**
   * A socket of a transport that `verifiesStart`: whether its start checked out, so it speaks
   * for the call. A socket another one took over from is no longer verified.
   */
  verified?: boolean;
  /** The server closed (or is closing) the socket: nothing it still sends is read. */
  closedByServer?: boolean;
}

/** What one inbound frame asks of the session. */
export type FrameAction =
  /** A complete window for the pipeline. */
  | { kind: 'window'; window: AudioWindow }
  /** The caller ended the call (`end_stream`, Twilio's `stop`). */
  | { kind: 'end' }
  /**
   * The socket says which call it belongs to (Twilio's `start`): the session hands it to the
   * transport's `checkStart` hook before the socket speaks for the call.
   */
  | StartAction;

/** What the session knows about a stream when a socket opens. */
export interface OpenInfo {
  streamId: string;
  /** Highest window index already processed (0 for a new stream). */
  lastProcessed: number;
  /**
   * Highest window index already given out, processed or still in flight. A new socket's
   * windows are numbered after it, so they never collide with a window still being processed.
   */
  lastTaken: number;
  /** The window index the client says it has results up to, if it said (resuming). */
  claimedLast: number | undefined;
  /** What a greeting tells the client of the stream's limits. */
  config: GreetingSettings;
}

/** One protocol spoken over a stream's WebSocket. No method may throw. */
export interface StreamTransport {
  readonly name: TransportName;
  /** What kind of call its alerts and `call.ended` events say this is. */
  readonly callSource: CallSource;
  /** Most windows a stream opened with this transport may hold. */
  readonly maxWindows: number;
  /**
   * Whether a socket proves it belongs to the call with its first message (Twilio's `start`,
   * whose signed token the `checkStart` hook checks). Until it has, a newcomer displaces no other socket,
   * and neither its audio nor its hang-up is the call's: the upgrade's signature covers only
   * the URL, so anyone who saw it can replay it.
   */
  readonly verifiesStart: boolean;
  /**
   * Whether the audio arrives as it is spoken (a phone line), so it may not run ahead of the
   * clock by more than a burst: each window goes through the `pace` hook first.
   */
  readonly realTime: boolean;
  /** Greets a new socket; returns the attachment to keep on it. */
  open(ws: Socket, info: OpenInfo): SocketAttachment;
  /**
   * Reads one frame. Protocol errors and keep-alives are answered here; audio and the end of
   * the call come back as actions. Returns the socket's updated attachment.
   */
  receive(
    ws: Socket,
    attachment: SocketAttachment,
    frame: string | ArrayBuffer,
  ): { attachment: SocketAttachment; actions: FrameAction[] };
  /**
   * The audio the transport still holds for the stream (a part window, frames waiting to be
   * put in order), as its last windows numbered from `nextIndex`: the call ended, or its socket
   * went away mid-window. Forgets it.
   */
  drain(streamId: string, nextIndex: number): AudioWindow[];
  /** Tells the socket what became of a window. */
  outcome(ws: Socket, streamId: string, outcome: WindowOutcome): void;
  /** Tells the socket the call reached an alert level (after the window's outcome). */
  alert(ws: Socket, streamId: string, alert: CallAlert): void;
  /** Sends the final result (the session closes the socket afterwards). */
  final(ws: Socket, streamId: string, final: StreamFinal): void;
  /** Answers a socket that talks to (or opens) a stream that has ended, or is ending. */
  ended(ws: Socket, streamId: string, final: StreamFinal | null): void;
  /** What a call of this transport needs beyond the pipeline (call-hooks.ts); one per session. */
  callHooks(sql: SqlStorage, deps: CallSessionDeps): CallHooks;
}

/** Why the session closes a socket, with the close code each gets (see docs/stream-protocol.md). */
export const CLOSE = {
  /** The final result was sent. */
  final: 1000,
  /** Another socket opened the same stream and took it over: one live socket per stream. */
  replaced: 4409,
  /** The socket broke a rule it cannot recover from (a phone call's token did not check out). */
  policy: 1008,
  /** The call's audio came faster than real time allows (twilio/pacing.ts). */
  tooFast: 4029,
} as const;

/** The close reason that goes with the final result. */
export function finalCloseReason(reason: FinalReason): string {
  return `final_result sent (${reason})`;
}

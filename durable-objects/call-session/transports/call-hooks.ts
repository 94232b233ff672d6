/**
 * What a transport does for a whole call, beyond turning frames into windows and outcomes into
 * messages: hooks the CallSession calls at fixed points of every call, whatever its protocol.
 * A `/ws/stream` stream needs none of them (callshield.ts answers each with "nothing to do"); a
 * phone call uses them all (twilio/phone-call.ts): its `start` is checked against the token our
 * voice webhook signed, its audio is paced, its caller is warned, and its row and
 * `GET /api/v1/calls/{sid}` carry Twilio's details.
 */
import type { CallAlert } from '#core/schemas/call-alert';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import type { PhoneCall } from '../contract';
import type { AudioWindow } from '../pipeline';

/** A socket's first message proving it belongs to the call; the rest is the transport's own. */
export type StartAction = { kind: 'start'; [detail: string]: unknown };

/** The stream a call's hooks are about. */
export interface CallStream {
  streamId: string;
  org: string;
  /** When the stream was opened: no audio of it can have been spoken before. */
  createdAt: number;
}

/** Whether a start checked out; a refused one says why (the close reason of its socket). */
export type StartCheck = { ok: true } | { ok: false; closeReason: string };

/** What the call's analysis row is kept as: its id, and what the transport adds to its metadata. */
export interface KeptCall {
  callId: string;
  metadata: Record<string, unknown>;
  /** The keyed hash of the caller's number (a phone call's), for reviewers' reports. */
  callerHash?: string | null;
}

/** One call's hooks, made once per CallSession instance (`StreamTransport.callHooks`). */
export interface CallHooks {
  /** A socket's start (a transport that `verifiesStart`): does it belong to this call? */
  checkStart(start: StartAction, stream: CallStream): Promise<StartCheck>;
  /** Whether a start checked out on any socket: the call is taken. */
  started(): boolean;
  /** Whether the call keeps nothing: a start was refused and none checked out. */
  refused(): boolean;
  /**
   * Whether a window of a real-time transport may go on, `takenBefore` ms of audio having been
   * stored; null when it may, else the close reason (the call then ends).
   */
  pace(window: AudioWindow, stream: CallStream, takenBefore: number): Promise<string | null>;
  /** A window from `ws` reached these alert levels (already raised as `call.alert`). */
  alerted(ws: WebSocket, alerts: CallAlert[], stream: CallStream): Promise<void>;
  /** The call ends: anything still playing into it stops before its sockets close. */
  ending(): void;
  /** How the finished call is kept as an analysis; null to keep nothing. */
  kept(streamId: string, final: StreamFinal): KeptCall | null;
  /** The call's own details, for `GET /api/v1/calls/{sid}`; null when it has none. */
  details(streamId: string): PhoneCall | null;
}

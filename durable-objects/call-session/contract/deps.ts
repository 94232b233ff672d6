/**
 * Everything a CallSession needs from the rest of the system, as one narrow object. The Worker
 * builds it (worker/services/call-session-deps.ts, the one Worker module the Durable Object may
 * import); the session and its parts take what they need from it and know nothing of the
 * services, the database, the webhooks or Twilio's REST API behind it. Tests may build their
 * own.
 */
import type { AlertThresholds } from '#core/alerts';
import type { LabelledCampaignMatch } from '#core/campaigns/adjust';
import type { Fingerprint } from '#core/campaigns/fingerprint';
import type { CallSource } from '#core/schemas/call-alert';
import type { Analysis, ScoringEngine } from '#core/schemas/report';
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import type { WebhookEventData } from '#core/schemas/webhook-events';
import type { Thresholds, VerdictName } from '#core/thresholds';
import type { CallerHistory } from '#core/trust/caller-trust';
import type { StreamCall } from './handoff';

/**
 * The settings a session reads, validated once by the Worker's configuration schema (this is
 * the part of its `AppConfig` a session needs, under the same names).
 */
export interface SessionSettings {
  thresholds: Thresholds;
  /** Live streams (`STREAM_*`). */
  streams: {
    /** No client message and no work in flight for this long ends the stream (`idle_timeout`). */
    idleTimeoutMs: number;
    /** Trailing call audio decoded with each window, for context. */
    contextMs: number;
    /** A window quieter than this is silence: never sent to the sidecar. */
    silenceDbfs: number;
    /** Calls longer than this get no full pass at the end. */
    fullPassMaxMs: number;
  };
  /** How far a phone call's audio may run ahead of the clock (transports/twilio/pacing.ts). */
  twilio: { media: { burstMs: number } };
}

/** Structured logging, as the Worker's logger does it (fields redacted, never transcripts). */
export interface SessionLogger {
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** How a window (or the whole call) is sent to the media sidecar. */
export interface TranscribeOptions {
  /**
   * The call the audio belongs to: the media pool sends all of a call's windows, and its final
   * pass, to one sidecar instance while that instance answers (affinity, not a promise).
   */
  callId: string;
  /** Audio in the WAV, which sets the deadline (retries included). */
  audioMs: number;
  attempts: number;
  /** Trim the silence at both ends (the final pass does; a window does not). */
  trim: boolean;
  /** Where the window starts in the audio: what came before is context only. */
  contextMs?: number;
}

/** What the sidecar heard, or the code of why it could not say (sent to no client). */
export type Transcribed = { ok: true; result: ProcessResponse } | { ok: false; code: string };

/** Speech, through the media sidecar. */
export interface SessionSpeech {
  /** Transcribes a WAV within the deadline for its length. Never rejects. */
  transcribe(wav: Uint8Array, options: TranscribeOptions): Promise<Transcribed>;
  /** `text` spoken as 8 kHz µ-law, for a warning played into a phone call. */
  speak(text: string): Promise<Uint8Array>;
}

/** The text engine's verdict on a final transcript (local, plus Gemini when configured). */
export interface TextScore {
  analysis: Analysis;
  /** Engines that contributed, local first. */
  engines: ScoringEngine[];
}

/** A webhook event a live call raises (`call.alert` per level, `call.ended` once). */
export type SessionEvent =
  | { type: 'call.alert'; data: WebhookEventData<'call.alert'>; dedupeKey: string }
  | { type: 'call.ended'; data: WebhookEventData<'call.ended'>; dedupeKey: string; at: Date };

/** A finished call, to be kept as an analysis of its organisation. */
export interface FinishedCall {
  /** The stream id (`/ws/stream`) or the call SID. */
  callId: string;
  source: CallSource;
  final: StreamFinal;
  owner: { org: string; userId: string | null; apiKeyId: string | null };
  /** What the transport adds to the row's metadata (a phone call's ids and numbers). */
  metadata: Record<string, unknown>;
  /** The keyed hash of a phone call's number (`call_analyses.caller_hash`); absent: none. */
  callerHash?: string | null;
}

/** Where finished calls go (the persist-analysis queue, then `call_analyses`). */
export interface SessionAnalyses {
  /** Whether anything is kept at all (a database and the queue are configured). */
  readonly enabled: boolean;
  /** The row a call is kept as; null when its organisation keeps nothing (not a database one). */
  rowId(org: string, callId: string, source: CallSource): Promise<string | null>;
  /** Keeps the call (nothing for an organisation that keeps nothing). Never rejects. */
  keep(call: FinishedCall): Promise<void>;
}

/** An organisation's budget of phone-call audio (`RATE_LIMIT_TWILIO_AUDIO`). */
export interface CallAudioLimits {
  /** Takes `audioMs` of call audio from `org`'s bucket; false when it is full. */
  takeCallAudio(org: string, audioMs: number): Promise<boolean>;
}

/**
 * The organisation's history of the numbers that call it (`caller_numbers`, by keyed hash:
 * caller-trust.ts reads it once per call and records the call at its end).
 */
export interface CallerHistories {
  /**
   * The history of `numberHash` in `org`: null when the number never called it, or `org` keeps
   * none (not a database organisation). Rejects when it can't be read within its time bound.
   */
  history(org: string, numberHash: string): Promise<CallerHistory | null>;
  /** Counts one finished call from `numberHash` with its verdict (nothing for such an `org`). */
  record(org: string, numberHash: string, verdict: VerdictName, at: Date): Promise<void>;
}

/** What only a Twilio call needs (transports/twilio/). */
export interface TwilioDeps {
  /** The call a stream token vouches for; null when it is forged, expired or malformed. */
  verifyStreamToken(token: string): Promise<StreamCall | null>;
  /**
   * Redirects a live call to a spoken `text` through the organisation's own Twilio account
   * (worker/twilio/redirect.ts). Twilio's HTTP status, 0 when not sent. Never rejects.
   */
  redirectToSay(org: string, callSid: string, text: string): Promise<number>;
}

/** The codes a session refuses an upgrade with. */
export type RefusalCode = 'UPGRADE_REQUIRED' | 'NOT_FOUND' | 'UNAUTHORIZED';

/** Everything a CallSession gets from outside. */
export interface CallSessionDeps {
  settings: SessionSettings;
  logger: SessionLogger;
  /** The services' clock (tests pass their own). */
  now(): number;
  speech: SessionSpeech;
  /** Scores a call's final transcript. */
  scoreFinal(transcript: string): Promise<TextScore>;
  /**
   * The organisation's own alert levels; null when it set none (or keeps no settings), so the
   * deployment's defaults hold. Rejects while they can't be read.
   */
  alertLevels(org: string): Promise<AlertThresholds | null>;
  /**
   * The campaign `org`'s reviewers labelled that a live call's running fingerprint matches (at
   * or above the join threshold; a `scam` label before a `legitimate` one), with its calls in
   * the last day. Null when none matches, when `org` keeps no campaigns (not a database
   * organisation), or when the lookup failed or ran out of time (logged). Read-only: the call
   * joins its campaign once its final row is stored. Should not reject; the session guards it
   * anyway (campaign-watch.ts).
   */
  matchCampaign(org: string, fp: Fingerprint): Promise<LabelledCampaignMatch | null>;
  /** The caller numbers' history (caller trust). */
  callers: CallerHistories;
  /** Raises a webhook event for `org`. Never rejects. */
  emit(org: string, event: SessionEvent): Promise<void>;
  analyses: SessionAnalyses;
  callAudio: CallAudioLimits;
  twilio: TwilioDeps;
  /** The Worker's error envelope, for an upgrade the session refuses. */
  refuse(code: RefusalCode, message: string, requestId: string): Response;
}

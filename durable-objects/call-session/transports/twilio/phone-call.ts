/**
 * What a CallSession does only for a phone call (Twilio Media Streams), as the Twilio
 * transport's call hooks (../call-hooks.ts): its record (call-record.ts: the `start` that
 * checked out, the numbers), how fast its audio may come (pacing.ts), the warning it may get
 * (warning.ts: spoken into a two-way call; or a one-way call redirected to a `<Say>`), and
 * how it is kept and shown.
 */
import type { CallAlert } from '#core/schemas/call-alert';
import type { StreamFinal } from '#core/schemas/stream-protocol';
import { CallerTrustWatch } from '../../caller-trust';
import type { CallSessionDeps, PhoneCall as PhoneCallDetails } from '../../contract';
import type { AudioWindow } from '../../pipeline';
import type { CallHooks, CallStream, KeptCall, StartAction, StartCheck } from '../call-hooks';
import { rowMetadata, TwilioCallStore, TwilioStartActionSchema } from './call-record';
import { MediaPacing, PACING_CLOSE_REASONS } from './pacing';
import type { TwilioAttachment } from './transport';
import { reaches, TwilioWarning, WARNING_TEXT } from './warning';

/** Why a socket whose start did not check out is closed. */
const START_REFUSED = 'the stream token is invalid or has expired';

/** One phone call's own parts. */
export class PhoneCall implements CallHooks {
  /** Its record: the start that checked out, the numbers, the warning. */
  private readonly record: TwilioCallStore;
  private readonly warning: TwilioWarning;
  private readonly pacing: MediaPacing;
  /** Who is calling (the row keeps the number's keyed hash, for reviewers' reports). */
  private readonly caller: CallerTrustWatch;

  constructor(
    sql: SqlStorage,
    private readonly deps: CallSessionDeps,
  ) {
    this.record = new TwilioCallStore(sql);
    this.warning = new TwilioWarning(deps.speech);
    this.pacing = new MediaPacing(deps.settings.twilio.media.burstMs, deps.callAudio);
    this.caller = new CallerTrustWatch(sql, deps);
  }

  /**
   * Checks a socket's `start` against the call (call-record.ts): the first must carry the token
   * our voice webhook signed for this call, a later one must be that very start.
   */
  async checkStart(action: StartAction, stream: CallStream): Promise<StartCheck> {
    // The action is the one this transport's `receive` made; read back, it is typed again.
    const start = TwilioStartActionSchema.safeParse(action);
    const verify = (token: string) => this.deps.twilio.verifyStreamToken(token);
    if (start.success && (await this.record.start(start.data, stream, verify, Date.now())))
      return { ok: true };
    this.deps.logger.warn('twilio_stream_start_refused', { stream_id: stream.streamId });
    return { ok: false, closeReason: START_REFUSED };
  }

  started(): boolean {
    return this.record.started();
  }

  refused(): boolean {
    return this.record.refused();
  }

  /**
   * Whether a window may go on (pacing.ts). The call's clock starts when its stream was opened
   * (no audio can have been spoken before); `takenBefore` is the audio it has stored. Null when
   * it may, else the close reason of the limit that refused it (logged).
   */
  async pace(window: AudioWindow, stream: CallStream, takenBefore: number) {
    const refusal = await this.pacing.admit(
      { ms: window.info.durationMs, org: stream.org },
      { now: this.deps.now(), startedAt: stream.createdAt, takenBefore },
    );
    if (!refusal) return null;
    this.deps.logger.warn('call_media_refused', {
      stream_id: stream.streamId,
      organization_id: stream.org,
      limit: refusal,
    });
    return PACING_CLOSE_REASONS[refusal];
  }

  /**
   * Warns the caller once the call's alerts reach its warning level: spoken into a two-way
   * call, or (when allowed) a one-way call redirected to a `<Say>` through Twilio's REST API.
   */
  async alerted(ws: WebSocket, alerts: CallAlert[], stream: CallStream): Promise<void> {
    const due = this.record.warningDue();
    if (!due) return;
    if (due.mode === 'connect') {
      const attachment = ws.deserializeAttachment() as TwilioAttachment;
      if (await this.warning.onAlerts(ws, attachment, alerts, due.level))
        this.record.warned(Date.now());
      return;
    }
    if (!alerts.some((a) => reaches(a.level, due.level))) return;
    // Claimed first, so the next window's alerts never redirect the call twice.
    this.record.warned(Date.now());
    const status = await this.deps.twilio.redirectToSay(stream.org, stream.streamId, WARNING_TEXT);
    if (status !== 200)
      this.deps.logger.warn('twilio_redirect_failed', { stream_id: stream.streamId, status });
  }

  /** The call ends: a warning still playing stops (`clear`) before its socket closes. */
  ending(): void {
    this.warning.stop();
  }

  /**
   * Kept under its call SID with Twilio's ids, the numbers and the duration, and the keyed hash
   * of the caller's number; nothing when its start was refused.
   */
  kept(streamId: string, final: StreamFinal): KeptCall | null {
    const info = this.record.info(streamId);
    if (!info) return null;
    return {
      callId: info.call_sid,
      metadata: rowMetadata(info, final),
      callerHash: this.caller.numberHash(),
    };
  }

  details(streamId: string): PhoneCallDetails | null {
    return this.record.info(streamId);
  }
}

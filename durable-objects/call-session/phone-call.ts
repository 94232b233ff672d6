/**
 * What a CallSession does only for a phone call (Twilio Media Streams): its record (twilio-call.ts:
 * the `start` that checked out, the numbers), how fast its audio may come (media-pacing.ts), and
 * the warning it may get (spoken into a two-way call, or a one-way call redirected to a `<Say>`).
 */
import type { CallAlert } from '#core/schemas/call-alert';
import type { Services } from '../../worker/services';
import { MediaPacing, type PacingRefusal } from './media-pacing';
import type { AudioWindow } from './pipeline';
import type { TwilioAttachment } from './transports/twilio';
import { TwilioCallStore, type TwilioStartAction } from './twilio-call';
import { redirectWithWarning } from './twilio-redirect';
import { reaches, TwilioWarning } from './twilio-warning';

/** The stream a phone call is. */
interface CallStream {
  org: string;
  streamId: string;
}

/** One phone call's own parts. */
export class PhoneCall {
  /** Its record: the start that checked out, the numbers, the warning. */
  readonly record: TwilioCallStore;
  private readonly warning: TwilioWarning;
  private readonly pacing: MediaPacing;

  constructor(
    sql: SqlStorage,
    private readonly services: Services,
  ) {
    this.record = new TwilioCallStore(sql);
    this.warning = new TwilioWarning(services.sidecar);
    this.pacing = new MediaPacing(services.config.twilio.media.burstMs, services.rateLimits);
  }

  /** Checks a socket's `start` against the call (twilio-call.ts); true when it checked out. */
  checkStart(start: TwilioStartAction, stream: CallStream): Promise<boolean> {
    return this.record.start(start, stream, this.services.config.auth.ticketSecret, Date.now());
  }

  /**
   * Whether a window may go on (media-pacing.ts). The call's clock starts when its stream was
   * opened (no audio can have been spoken before); `takenBefore` is the audio it has stored.
   * Null when it may, else which limit refused it (logged).
   */
  async pace(
    window: AudioWindow,
    stream: CallStream & { createdAt: number },
    takenBefore: number,
  ): Promise<PacingRefusal | null> {
    const refusal = await this.pacing.admit(
      { ms: window.info.durationMs, org: stream.org },
      { now: this.services.now(), startedAt: stream.createdAt, takenBefore },
    );
    if (refusal)
      this.services.logger.warn('call_media_refused', {
        stream_id: stream.streamId,
        organization_id: stream.org,
        limit: refusal,
      });
    return refusal;
  }

  /**
   * Warns the caller once the call's alerts reach its warning level: spoken into a two-way
   * call, or (when allowed) a one-way call redirected to a `<Say>` through Twilio's REST API.
   */
  async warn(ws: WebSocket, attachment: TwilioAttachment, alerts: CallAlert[], stream: CallStream) {
    const due = this.record.warningDue();
    if (!due) return;
    if (due.mode === 'connect') {
      if (await this.warning.onAlerts(ws, attachment, alerts, due.level))
        this.record.warned(Date.now());
      return;
    }
    if (!alerts.some((a) => reaches(a.level, due.level))) return;
    // Claimed first, so the next window's alerts never redirect the call twice.
    this.record.warned(Date.now());
    const status = await redirectWithWarning(this.services, stream.org, stream.streamId);
    if (status !== 200)
      this.services.logger.warn('twilio_redirect_failed', { stream_id: stream.streamId, status });
  }

  /** The call ends: a warning still playing stops (`clear`) before its socket closes. */
  stopWarning(): void {
    this.warning.stop();
  }
}

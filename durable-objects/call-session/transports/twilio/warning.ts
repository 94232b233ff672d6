/**
 * The spoken warning on a two-way (`<Connect>`) phone call: once the call's running score
 * reaches the integration's warning level, the sidecar renders the warning as 8 kHz µ-law and
 * it goes into the call as 20 ms `media` messages paced in real time, then a `mark` (Twilio
 * echoes it once the caller has heard everything before it). When the call ends mid-warning,
 * a `clear` stops what Twilio has buffered.
 */
import { ALERT_LEVELS, type AlertLevel } from '#core/alerts';
import { MULAW_SILENCE } from '#core/audio/frame-sequencer';
import { toBase64 } from '#core/encoding';
import type { CallAlert } from '#core/schemas/call-alert';
import type { TwilioOutbound } from '#core/schemas/twilio-media';
import type { SessionSpeech } from '../../contract';
import type { Socket } from '../transport';
import type { TwilioAttachment } from './transport';

/** What the caller hears. */
export const WARNING_TEXT =
  'Warning. This call shows signs of a scam. Do not share personal or payment details. Hang up, and call back on a number you trust.';
/** The mark that follows the warning. */
export const WARNING_MARK = 'callshield-warning';
/** 20 ms of 8 kHz µ-law. */
const FRAME_BYTES = 160;
const FRAME_MS = 20;

/** Timers the pacing runs on (tests pass fake ones). */
export interface Pacer {
  now(): number;
  after(ms: number, run: () => void): unknown;
  cancel(handle: unknown): void;
}

const realPacer: Pacer = {
  now: () => Date.now(),
  after: (ms, run) => setTimeout(run, Math.max(0, ms)),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Whether `level` is at or above `threshold` in severity. */
export function reaches(level: AlertLevel, threshold: AlertLevel): boolean {
  return ALERT_LEVELS.indexOf(level) >= ALERT_LEVELS.indexOf(threshold);
}

function send(ws: Socket, message: TwilioOutbound): boolean {
  try {
    ws.send(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
}

/** The warning of one call. */
export class TwilioWarning {
  private playing: { ws: Socket; streamSid: string; timer: unknown } | null = null;
  private audio: Promise<Uint8Array> | null = null;
  /** Set the moment a warning is decided on, so a second alert never plays it twice. */
  private claimed = false;

  constructor(
    private readonly sidecar: Pick<SessionSpeech, 'speak'>,
    private readonly pacer: Pacer = realPacer,
  ) {}

  /**
   * Plays the warning when one of `alerts` reaches `due` (the call's warning level, null when
   * none is due). Resolves once it started, with whether it did; never rejects.
   */
  async onAlerts(
    ws: Socket,
    attachment: TwilioAttachment,
    alerts: CallAlert[],
    due: AlertLevel | null,
  ) {
    if (!due || !attachment.streamSid || this.claimed) return false;
    if (!alerts.some((a) => reaches(a.level, due))) return false;
    this.claimed = true;
    this.audio ??= this.sidecar.speak(WARNING_TEXT);
    let audio: Uint8Array;
    try {
      audio = await this.audio;
    } catch {
      // The next alert may try again.
      this.audio = null;
      this.claimed = false;
      return false;
    }
    this.play(ws, attachment.streamSid, audio);
    return true;
  }

  /** Frame i leaves at start + 20·i ms (no drift), then the mark. */
  private play(ws: Socket, streamSid: string, audio: Uint8Array): void {
    const start = this.pacer.now();
    const frames = Math.ceil(audio.length / FRAME_BYTES);
    const step = (i: number) => {
      if (!this.playing) return;
      if (i === frames) {
        send(ws, { event: 'mark', streamSid, mark: { name: WARNING_MARK } });
        this.playing = null;
        return;
      }
      // Every frame a full 20 ms: the last one is padded with µ-law silence.
      const frame = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
      frame.set(audio.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES));
      const payload = toBase64(frame);
      if (!send(ws, { event: 'media', streamSid, media: { payload } })) {
        this.playing = null;
        return;
      }
      this.playing.timer = this.pacer.after(start + (i + 1) * FRAME_MS - this.pacer.now(), () =>
        step(i + 1),
      );
    };
    this.playing = { ws, streamSid, timer: null };
    step(0);
  }

  /** Whether the warning is being played now. */
  get active(): boolean {
    return this.playing !== null;
  }

  /** Stops a warning in progress and tells Twilio to drop what it buffered (`clear`). */
  stop(): void {
    const playing = this.playing;
    if (!playing) return;
    this.playing = null;
    this.pacer.cancel(playing.timer);
    send(playing.ws, { event: 'clear', streamSid: playing.streamSid });
  }
}

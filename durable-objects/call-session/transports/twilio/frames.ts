/**
 * What a Twilio call's socket holds between frames: the frames put back in order, and the
 * part window not yet full. Kept in memory per stream (a Media Stream sends 50 frames a second,
 * so its CallSession never hibernates mid-call); bounded by one window and the reorder depth.
 */
import { CallWindows, MIN_TAIL_MS } from '#core/audio/call-windows';
import { FrameSequencer, type SequencerStats } from '#core/audio/frame-sequencer';
import { fromBase64 } from '#core/encoding';
import type { TwilioMedia } from '#core/schemas/twilio-media';

/** Each window the pipeline scores: 5 s, as on every live stream. */
export const TWILIO_WINDOW_MS = 5_000;
/** An hour of 5 s windows: the longest call one stream scores. */
export const TWILIO_MAX_WINDOWS = 720;
/** Frames an early frame waits for a missing one: 200 ms of audio. */
const REORDER_DEPTH = 10;

/** One call's audio in flight. */
export class TwilioCallAudio {
  private readonly sequencer = new FrameSequencer(REORDER_DEPTH, TWILIO_WINDOW_MS);
  private readonly windows = new CallWindows(TWILIO_WINDOW_MS);

  /** Takes one inbound `media` event; returns the WAV windows it completed. */
  media(event: TwilioMedia): Uint8Array[] {
    const payload = decodeBase64(event.media.payload);
    if (!payload) return [];
    const runs = this.sequencer.push({
      chunk: event.media.chunk,
      timestampMs: event.media.timestamp,
      payload,
    });
    return runs.flatMap((run) => this.windows.add(run));
  }

  /**
   * The call ended (or its socket went away): whatever is held, as its last windows; a last
   * piece under MIN_TAIL_MS is left out.
   */
  end(): Uint8Array[] {
    const done = this.sequencer.flush().flatMap((run) => this.windows.add(run));
    const rest = this.windows.rest(MIN_TAIL_MS);
    return rest ? [...done, rest] : done;
  }

  get stats(): SequencerStats {
    return this.sequencer.stats;
  }
}

/** Base64 to bytes; null when it does not decode. */
function decodeBase64(text: string): Uint8Array | null {
  try {
    return fromBase64(text);
  } catch {
    return null;
  }
}

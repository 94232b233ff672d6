/**
 * Puts a phone call's 20 ms µ-law frames back in order. Frames are numbered per track from 1
 * (Twilio's `media.chunk`) and stamped with their position in the call (`media.timestamp`,
 * ms). A frame that arrives early waits, up to `depth` frames, for the ones before it; a frame
 * that never comes is given up on and its time filled with silence; a duplicate, or a frame
 * that comes after its place was given up, is dropped. Memory is bounded by `depth` frames.
 */

/** One frame as it arrived. */
export interface SequencedFrame {
  /** 1-based position among this track's frames. */
  chunk: number;
  /** Milliseconds since the stream started. */
  timestampMs: number;
  /** µ-law bytes, 8 samples per millisecond. */
  payload: Uint8Array;
}

/** What the sequencer has seen go wrong, for the call's record and the bench. */
export interface SequencerStats {
  duplicates: number;
  late: number;
  /** Frames given up on (their time became silence). */
  lost: number;
  silenceMs: number;
}

/** µ-law's zero: 0xFF decodes to 0. */
export const MULAW_SILENCE = 0xff;
const SAMPLES_PER_MS = 8;

export class FrameSequencer {
  private readonly held = new Map<number, SequencedFrame>();
  /** The chunk number the next released frame must have (Twilio counts from 1). */
  private nextChunk = 1;
  /** Where the audio released so far ends, in ms of the call (which starts at 0). */
  private endMs = 0;
  readonly stats: SequencerStats = { duplicates: 0, late: 0, lost: 0, silenceMs: 0 };

  /**
   * @param depth frames an early frame may wait for a missing one (each 20 ms of delay)
   * @param maxGapMs the most silence one gap becomes (a longer one is not audio worth scoring)
   */
  constructor(
    private readonly depth = 10,
    private readonly maxGapMs = 5_000,
  ) {}

  /** Takes one frame; returns the µ-law runs now in order (silence included). */
  push(frame: SequencedFrame): Uint8Array[] {
    if (frame.chunk < this.nextChunk) {
      // A frame given up on that turns up after all is late; any other is a repeat.
      if (this.lostChunks.has(frame.chunk)) this.stats.late++;
      else this.stats.duplicates++;
      return [];
    }
    if (this.held.has(frame.chunk)) {
      this.stats.duplicates++;
      return [];
    }
    this.held.set(frame.chunk, frame);
    return this.release(false);
  }

  /** Releases everything held (the call ended). */
  flush(): Uint8Array[] {
    return this.release(true);
  }

  /** Recently given-up chunk numbers, so one that turns up later counts as late. */
  private readonly lostChunks = new Set<number>();

  private release(all: boolean): Uint8Array[] {
    const out: Uint8Array[] = [];
    while (this.held.size > 0) {
      if (!this.held.has(this.nextChunk)) {
        // Wait for the missing frame while there is room; give up on it when there is not.
        if (!all && this.held.size <= this.depth) break;
        const lowest = Math.min(...this.held.keys());
        for (let c = Math.max(this.nextChunk, lowest - this.depth * 4); c < lowest; c++)
          this.lostChunks.add(c);
        this.stats.lost += lowest - this.nextChunk;
        this.trimLost();
        this.nextChunk = lowest;
      }
      const frame = this.held.get(this.nextChunk) as SequencedFrame;
      this.held.delete(this.nextChunk);
      const gap = Math.min(frame.timestampMs - this.endMs, this.maxGapMs);
      if (gap >= 1) {
        out.push(new Uint8Array(gap * SAMPLES_PER_MS).fill(MULAW_SILENCE));
        this.stats.silenceMs += gap;
      }
      out.push(frame.payload);
      const frameEnd = frame.timestampMs + frame.payload.length / SAMPLES_PER_MS;
      this.endMs = Math.max(this.endMs, frameEnd);
      this.nextChunk = frame.chunk + 1;
    }
    return out;
  }

  /** Keeps the record of given-up chunks bounded: only the recent ones can still turn up. */
  private trimLost(): void {
    if (this.lostChunks.size <= this.depth * 4) return;
    for (const c of this.lostChunks) {
      if (this.lostChunks.size <= this.depth * 4) break;
      this.lostChunks.delete(c);
    }
  }
}

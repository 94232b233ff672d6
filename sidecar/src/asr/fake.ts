/**
 * A speech engine for tests (`ASR_ENGINES=fake`): after `FAKE_ASR_DELAY_MS` it answers
 * `FAKE_ASR_TEXT` as one segment spanning the audio. Deadline, queue and limit tests use it so
 * that nothing depends on how fast a real recogniser runs on the machine: a delay far above a
 * deadline always misses it, and a held engine (`hold`) finishes only when the test says.
 * Real engines (pocketsphinx) stay in the pipeline and end-to-end tests.
 */
import { EventEmitter } from 'node:events';
import { samplesToMs } from '#core/audio/pcm';
import { PIPELINE_RATE } from '../media/ffmpeg';
import type { TranscribeContext, Transcriber, Transcript } from './transcriber';

/** Settings for {@link FakeTranscriber}. */
export interface FakeAsrOptions {
  /** The transcript every request gets. */
  text: string;
  /** How long each transcription takes. */
  delayMs: number;
}

/** What a test can watch: `start` when a transcription begins, `abort` when one is stopped. */
export type FakeAsrEvent = 'start' | 'abort';

/** The fake engine. */
export class FakeTranscriber implements Transcriber {
  readonly name = 'fake' as const;
  readonly model = null;
  readonly events = new EventEmitter<Record<FakeAsrEvent, []>>();
  private held = false;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly options: FakeAsrOptions) {}

  async load(): Promise<void> {}

  /** From now on, transcriptions wait for {@link release} instead of the delay. */
  hold(): this {
    this.held = true;
    return this;
  }

  /** Finishes every transcription waiting now, and stops holding. */
  release(): void {
    this.held = false;
    for (const finish of this.waiting) finish();
    this.waiting.clear();
  }

  async transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<Transcript> {
    ctx.signal.throwIfAborted();
    this.events.emit('start');
    await new Promise<void>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        this.waiting.delete(finish);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(timer);
        this.waiting.delete(finish);
        this.events.emit('abort');
        reject(ctx.signal.reason);
      };
      const timer = this.held ? undefined : setTimeout(finish, this.options.delayMs);
      this.waiting.add(finish);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    const text = this.options.text;
    return {
      text,
      segments: text ? [{ start_ms: 0, end_ms: samplesToMs(pcm.length, PIPELINE_RATE), text }] : [],
    };
  }
}

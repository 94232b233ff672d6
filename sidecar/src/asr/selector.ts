/**
 * Ordered fallback across engines (ASR_ENGINES, default whisper then pocketsphinx). Engines
 * load in the background; each request uses the first READY engine in order, and if that one
 * fails at run time the next ready one is tried, so a broken model degrades quality, not
 * availability.
 */
import type { EngineStatus } from '#core/schemas/sidecar-protocol';
import { describeError, SidecarError } from '../errors';
import type { Logger } from '../log';
import type { TranscribeContext, Transcriber, Transcript } from './transcriber';

interface Slot {
  engine: Transcriber;
  state: EngineStatus['state'];
  error?: string;
}

/** Which engine produced a transcript. */
export interface SelectedTranscript {
  transcript: Transcript;
  engine: { name: Transcriber['name']; model: string | null };
}

/** Owns the engines, their load state and the fallback order. */
export class TranscriberSelector {
  private readonly slots: Slot[];
  private loading: Promise<void> | null = null;

  constructor(
    engines: readonly Transcriber[],
    private readonly logger: Logger,
  ) {
    this.slots = engines.map((engine) => ({ engine, state: 'pending' }));
  }

  /** Starts loading every engine (idempotent); resolves once all have succeeded or failed. */
  start(): Promise<void> {
    this.loading ??= Promise.all(this.slots.map((slot) => this.loadSlot(slot))).then(() => {});
    return this.loading;
  }

  private async loadSlot(slot: Slot): Promise<void> {
    slot.state = 'loading';
    const started = performance.now();
    try {
      await slot.engine.load();
      slot.state = 'ready';
      this.logger.info('asr_engine_ready', {
        engine: slot.engine.name,
        load_ms: Math.round(performance.now() - started),
      });
    } catch (err) {
      slot.state = 'failed';
      slot.error = err instanceof Error ? err.message : String(err);
      this.logger.warn('asr_engine_unavailable', { engine: slot.engine.name, error: slot.error });
    }
  }

  /** Status of every engine, in fallback order (for /healthz). */
  status(): EngineStatus[] {
    return this.slots.map((s) => ({
      name: s.engine.name,
      model: s.engine.model,
      state: s.state,
      available: s.state === 'ready',
      ...(s.error ? { error: s.error } : {}),
    }));
  }

  /** The engine new requests would use, or null. */
  current(): Transcriber | null {
    return this.slots.find((s) => s.state === 'ready')?.engine ?? null;
  }

  /** True while some engine may still become ready. */
  stillLoading(): boolean {
    return this.slots.some((s) => s.state === 'pending' || s.state === 'loading');
  }

  /** Transcribes with the first ready engine, falling back on run-time failure. */
  async transcribe(pcm: Int16Array, ctx: TranscribeContext): Promise<SelectedTranscript> {
    const ready = this.slots.filter((s) => s.state === 'ready').map((s) => s.engine);
    if (ready.length === 0) {
      if (this.stillLoading()) {
        throw new SidecarError('ASR_LOADING', 'Speech recognition is still loading', {
          retryAfterS: 5,
        });
      }
      throw new SidecarError('ASR_UNAVAILABLE', 'No speech recognition engine is available');
    }
    for (const engine of ready) {
      try {
        const transcript = await engine.transcribe(pcm, ctx);
        return { transcript, engine: { name: engine.name, model: engine.model } };
      } catch (err) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        this.logger.warn('asr_engine_failed', { engine: engine.name, error: describeError(err) });
      }
    }
    throw new SidecarError('TRANSCRIPTION_FAILED', 'Every speech recognition engine failed');
  }
}

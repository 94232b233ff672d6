/**
 * The stream pipeline: audio window → transcript (sidecar) → whole-call scoring → storage,
 * and at the end the final pass → final result. It is the same for every protocol; a
 * transport (transports/) turns frames into windows and outcomes into its own messages.
 * It knows nothing of sockets or of any protocol's JSON.
 */
import type { WavInfo } from '#core/audio/wav-reader';
import type { ChunkResult, FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import type { Services } from '../../worker/services';
import { chunkResult, transcribeChunk } from './chunk';
import { finalizeStream } from './finalize';
import { gatherFinalInput } from './full-pass';
import type { ChunkRow, SessionStore } from './storage';

/** One window of audio as a transport hands it over: a WAV file, measured, and its index. */
export interface AudioWindow {
  /** 1-based position in the call; a resent window keeps the index it had. */
  index: number;
  wav: Uint8Array;
  info: WavInfo;
}

/** What became of one window. */
export type WindowOutcome =
  /** Scored; `limitReached` when it was the last window the stream may hold. */
  | { kind: 'scored'; result: ChunkResult; limitReached: boolean }
  /** This index was processed before (a resend after reconnecting): its stored result. */
  | { kind: 'duplicate'; result: ChunkResult }
  /** Past the stream's window limit: not scored. */
  | { kind: 'over_limit'; index: number; limit: number }
  /** The stream already has its final result. */
  | { kind: 'ended'; index: number };

/** The pipeline of one stream, over its stored state. */
export class StreamPipeline {
  constructor(
    private readonly store: SessionStore,
    private readonly services: Services,
  ) {}

  /**
   * Transcribes and scores one window in the context of the whole call, and stores it.
   * `maxWindows` is the most the stream may hold (its transport's limit: 60 on /ws/stream).
   */
  async processWindow(window: AudioWindow, maxWindows: number): Promise<WindowOutcome> {
    const started = performance.now();
    if (this.store.stream()?.final) return { kind: 'ended', index: window.index };
    const previous = this.store.resultFor(window.index);
    if (previous) return { kind: 'duplicate', result: previous };
    if (window.index > maxWindows)
      return { kind: 'over_limit', index: window.index, limit: maxWindows };
    const { config, sidecar } = this.services;
    const heard = await transcribeChunk(
      sidecar,
      { bytes: window.wav, rmsDbfs: window.info.rmsDbfs, durationMs: window.info.durationMs },
      config.streamSilenceDbfs,
    );
    if (heard.failure)
      this.services.logger.warn('chunk_transcription_unavailable', {
        stream_id: this.store.stream()?.streamId,
        chunk_index: window.index,
        code: heard.failure,
      });
    const result = chunkResult(this.store, config.thresholds, {
      index: window.index,
      durationMs: window.info.durationMs,
      heard,
      started,
    });
    const row: ChunkRow = {
      chunkIndex: window.index,
      receivedAt: Date.now(),
      bytes: window.wav.byteLength,
      durationMs: window.info.durationMs,
      rmsDbfs: window.info.rmsDbfs,
      transcription: heard.transcription,
      engine: heard.engine,
      text: heard.text,
      scamScore: result.scam_score,
      result,
      // Kept for the final pass; silent chunks add nothing to it.
      audio: heard.transcription === 'silent' ? undefined : window.wav,
    };
    // Signals and counter-signals first seen in this chunk (the first-seen table was read
    // just above); the SILENCE marker is no signal of the call.
    this.store.saveChunk(
      row,
      [...result.signals, ...result.counter_signals]
        .filter((s) => s.first_chunk === window.index && s.category !== 'SILENCE')
        .map((s) => s.category),
    );
    return { kind: 'scored', result, limitReached: window.index >= maxWindows };
  }

  /**
   * The final result: made once (full pass, text engine, stored; the audio is then dropped),
   * and the stored one on every later call.
   */
  async finalize(reason: FinalReason): Promise<StreamFinal> {
    const stored = this.store.stream()?.final;
    if (stored) return stored;
    const input = await gatherFinalInput(this.store, this.services);
    const final = finalizeStream(
      {
        chunks: this.store.chunks(),
        firstSeen: this.store.firstSeen(),
        audioMs: this.store.audioMs(),
      },
      reason,
      this.services.config.thresholds,
      input,
    );
    this.store.saveFinal(final);
    this.store.dropAudio();
    return final;
  }
}

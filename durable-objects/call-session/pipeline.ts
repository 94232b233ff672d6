/**
 * The stream pipeline: audio window → transcript (sidecar, the window decoded with the trailing
 * seconds of the call before it, merged into the running transcript) → the running campaign
 * fingerprint and lookup (campaign-watch.ts) → whole-call scoring, adjusted by the campaign and
 * the caller's trust (caller-trust.ts) → storage → alerts, and at the end the final pass → final
 * result → `call.ended` (and the call counted in its number's history). It is the
 * same for every protocol; a transport (transports/) turns frames into windows and outcomes
 * (alerts included) into its own messages. It knows nothing of sockets or of any protocol's JSON.
 */
import type { WavInfo } from '#core/audio/wav-reader';
import type { CallAlert } from '#core/schemas/call-alert';
import type { ChunkResult, FinalReason, StreamFinal } from '#core/schemas/stream-protocol';
import { mergeChunk, transcriptText } from '#core/transcript/merge';
import { type ChunkWindow, chunkWindow } from '#core/transcript/window';
import { CallAlerts } from './alerts';
import { CallerTrustWatch } from './caller-trust';
import { CampaignWatch } from './campaign-watch';
import { chunkResult, transcribeChunk } from './chunk';
import type { CallSessionDeps } from './contract';
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
  /**
   * Scored; `limitReached` when it was the last window the stream may hold; `alerts`: the
   * levels this window's running score reached first (already emitted as `call.alert`).
   */
  | { kind: 'scored'; result: ChunkResult; limitReached: boolean; alerts: CallAlert[] }
  /** This index was processed before (a resend after reconnecting): its stored result. */
  | { kind: 'duplicate'; result: ChunkResult }
  /** Past the stream's window limit: not scored. */
  | { kind: 'over_limit'; index: number; limit: number }
  /** The stream already has its final result. */
  | { kind: 'ended'; index: number };

/**
 * The audio a window is decoded with: the trailing `contextMs` of the call's stored audio
 * before it, then the window (core/transcript/window.ts). At most `contextMs` more audio per
 * chunk is read and decoded; a window that is not 16-bit mono PCM goes alone.
 */
function windowFor(
  store: SessionStore,
  window: AudioWindow,
  chunkStartMs: number,
  contextMs: number,
): ChunkWindow {
  const earlier = store.audioBefore(window.index, contextMs);
  const built = chunkWindow(earlier, window.wav, { maxContextMs: contextMs, chunkStartMs });
  return built ?? { wav: window.wav, contextMs: 0, offsetMs: chunkStartMs };
}

/** A stream's final result, and the alert levels only it reached (already emitted). */
export interface FinalOutcome {
  final: StreamFinal;
  alerts: CallAlert[];
}

/** The pipeline of one stream, over its stored state. */
export class StreamPipeline {
  private readonly alerts: CallAlerts;
  /** The call against its organisation's labelled campaigns (campaign-watch.ts). */
  private readonly campaigns: CampaignWatch;
  /** What is known of a phone call's caller (caller-trust.ts). */
  private readonly callers: CallerTrustWatch;

  constructor(
    private readonly store: SessionStore,
    private readonly deps: CallSessionDeps,
    sql: SqlStorage,
  ) {
    this.campaigns = new CampaignWatch(sql, deps);
    this.callers = new CallerTrustWatch(sql, deps);
    this.alerts = new CallAlerts(store.alerts, deps, () => {
      const stream = store.stream();
      return stream ? { streamId: stream.streamId, org: stream.org } : null;
    });
  }

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
    const { settings, speech } = this.deps;
    // Read while the sidecar transcribes (once per call; never rejects).
    const levels = this.alerts.levels();
    const opened = this.store.stream();
    const trust = this.callers.trust({
      org: opened?.org ?? '',
      streamId: opened?.streamId ?? '',
    });
    const chunkStartMs = this.store.audioMs();
    const running = this.store.runningWords() ?? { words: [], heardUntilMs: chunkStartMs };
    const context = windowFor(this.store, window, chunkStartMs, settings.streams.contextMs);
    const heardWindow = await transcribeChunk(
      speech,
      {
        callId: this.store.stream()?.streamId ?? '',
        rmsDbfs: window.info.rmsDbfs,
        window: context,
        windowMs: context.contextMs + window.info.durationMs,
      },
      settings.streams.silenceDbfs,
    );
    let { heard } = heardWindow;
    let { words, heardUntilMs } = running;
    if (heardWindow.decoded) {
      const merged = mergeChunk(words, { ...heardWindow.decoded, heardUntilMs });
      words = merged.words;
      heard = { ...heard, text: transcriptText(merged.added) };
    }
    // A failed chunk leaves the call heard only up to its start: the next window fills it.
    if (heard.transcription !== 'unavailable') heardUntilMs = chunkStartMs + window.info.durationMs;
    if (heard.failure)
      this.deps.logger.warn('chunk_transcription_unavailable', {
        stream_id: this.store.stream()?.streamId,
        chunk_index: window.index,
        code: heard.failure,
      });
    const stream = this.store.stream();
    const watch = await this.campaigns.afterChunk(
      { org: stream?.org ?? '', streamId: stream?.streamId ?? '' },
      heardWindow.decoded ? heard.text : '',
    );
    const result = chunkResult(this.store, settings.thresholds, {
      index: window.index,
      durationMs: window.info.durationMs,
      heard,
      transcript: transcriptText(words),
      started,
      campaign: watch.match,
      trust: await trust,
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
    this.store.saveRunningWords(words, heardUntilMs);
    this.campaigns.save(watch);
    const alerts = await this.alerts.check(
      {
        score: result.cumulative_score,
        maxScore: result.max_score,
        verdict: result.verdict,
        chunkIndex: result.chunk_index,
        positionMs: result.timestamp_ms,
        // CallShield's per-chunk SILENCE marker is no evidence of anything.
        signals: result.signals.filter((s) => s.category !== 'SILENCE'),
        recommendation: result.recommendation,
      },
      await levels,
    );
    return { kind: 'scored', result, limitReached: window.index >= maxWindows, alerts };
  }

  /**
   * The final result: made once (full pass, text engine, stored; the audio is then dropped;
   * the alerts it reaches and `call.ended` emitted), and the stored one on every later call.
   */
  async finalize(reason: FinalReason): Promise<FinalOutcome> {
    const stored = this.store.stream()?.final;
    if (stored) return { final: stored, alerts: [] };
    const input = {
      ...(await gatherFinalInput(this.store, this.deps)),
      campaign: this.campaigns.match(),
      trust: this.callers.known(),
    };
    const final = finalizeStream(
      {
        chunks: this.store.chunks(),
        firstSeen: this.store.firstSeen(),
        audioMs: this.store.audioMs(),
      },
      reason,
      this.deps.settings.thresholds,
      input,
    );
    this.store.saveFinal(final);
    this.store.dropAudio();
    const stream = this.store.stream();
    const call = { org: stream?.org ?? '', streamId: stream?.streamId ?? '' };
    const [alerts] = await Promise.all([
      this.alerts.ended(final),
      this.callers.recordFinal(call, final.verdict),
    ]);
    return { final, alerts };
  }
}

/**
 * One audio chunk of a stream: transcription through the sidecar, then the whole call so far
 * rescored with the chunk's words in context (see stream-scoring.ts for the numbers).
 */

import { voiceIndicators } from '#core/acoustic';
import { adjustForCampaign, type LabelledCampaignMatch } from '#core/campaigns/adjust';
import type { Analysis } from '#core/schemas/report';
import type { AcousticFeatures } from '#core/schemas/sidecar-protocol';
import type { ChunkResult, StreamSignal } from '#core/schemas/stream-protocol';
import { scoreTranscript, splitSignals } from '#core/scoring/index';
import type { Thresholds } from '#core/thresholds';
import type { DecodedWindow } from '#core/transcript/merge';
import type { ChunkWindow } from '#core/transcript/window';
import { adjustForCallerTrust, type CallerTrust } from '#core/trust/caller-trust';
import type { SessionSpeech } from './contract';
import type { SessionStore } from './storage';
import { chunkScores, dedupeSignals } from './stream-scoring';

/** The analysis of a call in which no word has been heard yet: nothing to score. */
const NOTHING_HEARD: Analysis = {
  scam_score: 0,
  confidence: 0,
  verdict: 'SAFE',
  signals: [],
  recommendation: 'No speech heard yet.',
  transcript_summary: '',
  engine: 'local',
};

/**
 * CallShield's marker on a chunk with no speech. Like CallShield, it is sent in the chunk's
 * `signals` (its client lists it as a low signal of that chunk) and nowhere else.
 */
const SILENCE: StreamSignal = {
  category: 'SILENCE',
  detail: 'No speech detected in this chunk',
  severity: 'low',
};

/** What was heard in one chunk. */
export interface Heard {
  transcription: ChunkResult['transcription'];
  /**
   * The chunk's words: the whole window's text from the sidecar, then (once merged) the words
   * the chunk added to the running transcript.
   */
  text: string;
  engine: string | null;
  ms: number;
  /** What the sidecar measured of the chunk's audio; null when it was not asked (silence) or failed. */
  features: AcousticFeatures | null;
  /** Why it is `unavailable` (the sidecar call's code), for the log; never sent to clients. */
  failure?: string;
}

/** What the sidecar heard in a chunk's window, placed in the call (see core/transcript). */
export interface HeardWindow {
  heard: Heard;
  /** The decoded window, ready to merge; absent unless the transcription is `ok`. */
  decoded?: DecodedWindow;
}

/**
 * Transcribes a chunk unless it is silent: the chunk's window (`window`, the trailing call
 * audio then the chunk, see core/transcript/window.ts) goes to the sidecar with `context_ms`
 * marking where the chunk starts. A sidecar failure, or no answer within the sidecar deadline
 * for the window's length (retries included), marks it unavailable.
 */
export async function transcribeChunk(
  speech: SessionSpeech,
  chunk: { callId: string; rmsDbfs: number; window: ChunkWindow; windowMs: number },
  silenceDbfs: number,
): Promise<HeardWindow> {
  const started = performance.now();
  if (chunk.rmsDbfs < silenceDbfs)
    return { heard: { transcription: 'silent', text: '', engine: null, ms: 0, features: null } };
  const { window } = chunk;
  const heard = await speech.transcribe(window.wav, {
    callId: chunk.callId,
    audioMs: chunk.windowMs,
    attempts: 2,
    trim: false,
    ...(window.contextMs > 0 ? { contextMs: window.contextMs } : {}),
  });
  if (heard.ok) {
    const { result } = heard;
    return {
      heard: {
        transcription: 'ok',
        text: result.text.trim(),
        engine: result.engine.name,
        ms: performance.now() - started,
        features: result.features,
      },
      decoded: {
        offsetMs: window.offsetMs,
        splitMs: window.contextMs,
        decodedFromMs: result.context?.decoded_from_ms,
        words: result.words,
      },
    };
  }
  return {
    heard: {
      transcription: 'unavailable',
      text: '',
      engine: null,
      ms: performance.now() - started,
      features: null,
      failure: heard.code,
    },
  };
}

/**
 * The result of chunk `index`: the call so far (`transcript`, its words in), rescored, then
 * changed by the labelled campaign the call matched, if any (core/campaigns/adjust.ts;
 * campaign-watch.ts says when it is looked up), then by what is known of a phone call's caller
 * (core/trust/caller-trust.ts; shown from the first chunk, before a word is heard).
 */
export function chunkResult(
  store: SessionStore,
  thresholds: Thresholds,
  chunk: {
    index: number;
    durationMs: number;
    heard: Heard;
    transcript: string;
    started: number;
    campaign?: LabelledCampaignMatch | null;
    trust?: CallerTrust | null;
  },
): ChunkResult {
  const { transcript } = chunk;
  const campaign = transcript ? (chunk.campaign ?? null) : null;
  const scored = transcript ? scoreTranscript(transcript, { thresholds }) : NOTHING_HEARD;
  const analysis = adjustForCallerTrust(
    adjustForCampaign(scored, campaign, thresholds),
    chunk.trust ?? null,
    thresholds,
  );
  // The chunk alone, as CallShield scores a chunk: what its clients draw per chunk.
  const own = chunk.heard.text ? scoreTranscript(chunk.heard.text, { thresholds }).scam_score : 0;
  const last = store.resultFor(chunk.index - 1);
  const scores = chunkScores(
    analysis,
    own,
    { callScore: last?.call_score ?? 0, maxScore: last?.max_score ?? 0 },
    thresholds,
  );
  const firstSeen = store.firstSeen();
  const { signals, counter_signals } = splitSignals(
    dedupeSignals(analysis.signals, firstSeen, chunk.index),
  );
  const silent = chunk.heard.transcription === 'silent';
  return {
    chunk_index: chunk.index,
    timestamp_ms: store.audioMs() + chunk.durationMs,
    ...scores,
    new_signals: signals.filter((s) => !firstSeen.has(s.category)),
    signals: silent ? [...signals, { ...SILENCE, first_chunk: chunk.index }] : signals,
    counter_signals,
    ...voiceIndicators(chunk.heard.features),
    confidence: analysis.confidence,
    recommendation: analysis.recommendation,
    transcript_summary: analysis.transcript_summary ?? '',
    chunk_transcript: chunk.heard.text,
    transcription: chunk.heard.transcription,
    engine: chunk.heard.engine,
    chunk_processing_ms: round2(performance.now() - chunk.started),
    transcription_ms: round2(chunk.heard.ms),
    ...(campaign ? { campaign_id: campaign.campaign } : {}),
  };
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

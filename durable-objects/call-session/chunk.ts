/**
 * One audio chunk of a stream: transcription through the sidecar, then the whole call so far
 * rescored with the chunk's words in context (see stream-scoring.ts for the numbers).
 */

import type { Analysis } from '#core/schemas/report';
import type { ChunkResult } from '#core/schemas/stream-protocol';
import { scoreTranscript } from '#core/scoring/index';
import type { Thresholds } from '#core/thresholds';
import { processWithRetry, type SidecarClient } from '../../worker/services/sidecar-client';
import type { SessionStore } from './storage';
import { chunkScores, dedupeSignals } from './stream-scoring';

/** Time a chunk may spend in the sidecar, retries included, before it is marked unavailable. */
const TRANSCRIBE_BUDGET = { attempts: 2, totalMs: 20_000 };

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

/** What was heard in one chunk. */
export interface Heard {
  transcription: ChunkResult['transcription'];
  text: string;
  engine: string | null;
  ms: number;
}

/** Transcribes a chunk unless it is silent; a sidecar failure marks it unavailable. */
export async function transcribeChunk(
  sidecar: SidecarClient,
  bytes: Uint8Array,
  rmsDbfs: number,
  silenceDbfs: number,
): Promise<Heard> {
  const started = performance.now();
  if (rmsDbfs < silenceDbfs) return { transcription: 'silent', text: '', engine: null, ms: 0 };
  try {
    const result = await processWithRetry(
      sidecar,
      bytes,
      { transcribe: true, trim: false },
      TRANSCRIBE_BUDGET,
    );
    return {
      transcription: 'ok',
      text: result.text.trim(),
      engine: result.engine.name,
      ms: performance.now() - started,
    };
  } catch {
    return {
      transcription: 'unavailable',
      text: '',
      engine: null,
      ms: performance.now() - started,
    };
  }
}

/** The result of chunk `index`: the call so far plus `heard`, rescored as a whole. */
export function chunkResult(
  store: SessionStore,
  thresholds: Thresholds,
  chunk: { index: number; durationMs: number; heard: Heard; started: number },
): ChunkResult {
  const transcript = [store.transcript(), chunk.heard.text].filter(Boolean).join(' ');
  const analysis = transcript ? scoreTranscript(transcript, { thresholds }) : NOTHING_HEARD;
  const last = store.resultFor(chunk.index - 1);
  const scores = chunkScores(
    analysis,
    { scamScore: last?.scam_score ?? 0, maxScore: last?.max_score ?? 0 },
    thresholds,
  );
  const firstSeen = store.firstSeen();
  const signals = dedupeSignals(analysis.signals, firstSeen, chunk.index);
  return {
    chunk_index: chunk.index,
    timestamp_ms: store.audioMs() + chunk.durationMs,
    ...scores,
    new_signals: signals.filter((s) => !firstSeen.has(s.category)),
    signals,
    confidence: analysis.confidence,
    recommendation: analysis.recommendation,
    transcript_summary: analysis.transcript_summary ?? '',
    chunk_transcript: chunk.heard.text,
    transcription: chunk.heard.transcription,
    engine: chunk.heard.engine,
    chunk_processing_ms: round2(performance.now() - chunk.started),
    transcription_ms: round2(chunk.heard.ms),
  };
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Stream messages as the server sends them, typed by core/schemas so the type check keeps
 * them in step with the protocol.
 */
import type { Signal } from '#core/schemas/report';
import type { PartialResult, StreamFinal } from '#core/schemas/stream-protocol';

export const GIFT_CARDS: Signal = {
  category: 'PAYMENT_DEMAND',
  detail: 'Asks for payment in gift cards.',
  severity: 'high',
  evidence: { text: 'buy gift cards', start: 10, end: 24 },
};

export const CALLBACK: Signal = {
  category: 'INDEPENDENT_VERIFICATION',
  detail: 'Offers a way to check the call independently.',
  severity: 'low',
  counter: true,
};

export const partialResult: PartialResult = {
  type: 'partial_result',
  stream_id: 'stream-1',
  chunk_index: 2,
  timestamp_ms: 7_000,
  scam_score: 0.8,
  call_score: 0.7,
  cumulative_score: 0.66,
  max_score: 0.7,
  score_delta: 0.4,
  new_signals: [GIFT_CARDS],
  signals: [GIFT_CARDS],
  counter_signals: [],
  verdict: 'LIKELY_SCAM',
  confidence: 0.8,
  recommendation: 'Hang up.',
  transcript_summary: 'Asks for gift cards.',
  review_required: false,
  vocal_stress: null,
  background_noise: 0.2,
  synthetic_voice_probability: null,
  chunk_transcript: 'buy gift cards today',
  transcription: 'ok',
  engine: 'pocketsphinx',
  chunk_processing_ms: 812,
  transcription_ms: 640,
};

export const streamFinal: StreamFinal = {
  reason: 'end_stream',
  total_chunks: 3,
  combined_score: 0.9,
  max_score: 0.9,
  verdict: 'SCAM',
  confidence: 0.9,
  signals: [GIFT_CARDS],
  counter_signals: [CALLBACK],
  text_score: 0.9,
  recommendation: 'Hang up.',
  transcript_summary: 'Asks for gift cards.',
  transcript: 'buy gift cards today',
  transcript_source: 'chunks',
  review_required: false,
  review_reason: null,
  duration_ms: 12_000,
  coverage: {
    windows_received: 3,
    windows_heard: 3,
    received_ms: 12_000,
    heard_ms: 12_000,
    judged: true,
  },
  engines: ['local'],
  finalized_at: '2026-11-22T10:00:00.000Z',
};

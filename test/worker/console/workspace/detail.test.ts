import { describe, expect, it } from 'vitest';
import type { ScamReport } from '#core/schemas/report';
import { storedResult } from '../../../../worker/console/workspace/detail';
import { CALLBACK, GIFT_CARDS, streamFinal } from '../fixtures';

const analysis = {
  scam_score: 0.8,
  confidence: 0.7,
  verdict: 'LIKELY_SCAM',
  recommendation: 'Hang up.',
  review_required: false,
  review_reason: null,
} as const;

/** An upload's stored result: the ScamReport, with AuthentiVoice's fields besides. */
const uploadResult = {
  id: 'analysis_1',
  mode: 'audio',
  combined_score: 0.8,
  verdict: 'LIKELY_SCAM',
  audio_analysis: {
    ...analysis,
    signals: [GIFT_CARDS],
    counter_signals: [CALLBACK],
    transcript_summary: 'Gift cards asked for.',
  },
  // Gemini's second opinion on the same words.
  text_analysis: {
    ...analysis,
    signals: [GIFT_CARDS],
    counter_signals: [],
    transcript_summary: 'Gemini: gift cards.',
  },
  processing_time_ms: 900,
  review_required: false,
  review_reason: null,
  analyzed_at: '2026-11-22T10:00:00Z',
  engines: ['local', 'gemini'],
  transcript: 'buy gift cards',
} satisfies ScamReport;

describe('a stored analysis in the workspace', () => {
  it("shows a stream's signals and summary (its result is the final result)", () => {
    const result = storedResult({ stream_id: 'stream-1', ...streamFinal });
    expect(result?.evidence.signals).toEqual([GIFT_CARDS]);
    expect(result?.evidence.counter_signals).toEqual([CALLBACK]);
    expect(result?.summary).toBe('Asks for gift cards.');
  });

  it("shows an upload's signals once: its audio analysis, not the second opinion again", () => {
    const result = storedResult({ ...uploadResult, fraud_score: 0.8, transcription: 'x' });
    expect(result?.evidence.signals).toEqual([GIFT_CARDS]);
    expect(result?.evidence.counter_signals).toEqual([CALLBACK]);
    expect(result?.summary).toBe('Gift cards asked for.');
    // A text analysis alone (a pasted transcript) is its own evidence.
    const pasted = { ...uploadResult.text_analysis, transcript_summary: 'Pasted: gift cards.' };
    const text = storedResult({
      ...uploadResult,
      mode: 'text',
      audio_analysis: null,
      text_analysis: pasted,
    });
    expect(text?.summary).toBe('Pasted: gift cards.');
  });

  it('has nothing to show for a result it cannot read', () => {
    expect(storedResult(null)).toBeNull();
    expect(storedResult({ verdict: 'SCAM' })).toBeNull();
  });
});
